"""Media on S3-compatible object storage (the intranet's 对象存储: SeaweedFS, Ceph RGW, MinIO, a
government cloud's OSS) instead of the local MEDIA_ROOT, read from the environment. Plain Python, no
Django: the settings call `storage_from_env` while they are read.

Local disk stays the default. MEDIA_S3_BUCKET turns object storage on; then

- MEDIA_S3_ENDPOINT_URL   the server, e.g. https://oss.gov.intranet:9000 (none: the cloud's default);
- MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY   the key pair (both or neither: neither falls
  back to boto3's own chain, AWS_* variables or a credentials file);
- MEDIA_S3_REGION         the region name the server expects in signatures (default us-east-1);
- MEDIA_S3_PREFIX         a folder inside the bucket, when several installations share one bucket;
- MEDIA_S3_ADDRESSING     "path" (the default: intranet servers seldom have wildcard DNS) or "virtual";
- MEDIA_S3_CA_BUNDLE      a CA certificate file for an endpoint signed by the government's own CA.

Files never reach the browser by a bucket URL: every photo, notice and bulletin is served through the
views that check who may see it, which read the object on the server's side."""

from collections.abc import Mapping

BACKEND = "storages.backends.s3.S3Storage"
ADDRESSING = ("path", "virtual")


class ObjectStoreSettingError(ValueError):
    """A set of MEDIA_S3_* variables that cannot work; the message says which, in Chinese."""


def storage_from_env(env: Mapping[str, str]) -> dict | None:
    """The STORAGES["default"] entry for object storage, or None when MEDIA_S3_BUCKET is not set."""
    bucket = env.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return None
    key, secret = env.get("MEDIA_S3_ACCESS_KEY_ID", ""), env.get("MEDIA_S3_SECRET_ACCESS_KEY", "")
    if bool(key) != bool(secret):
        raise ObjectStoreSettingError(
            "MEDIA_S3_ACCESS_KEY_ID 与 MEDIA_S3_SECRET_ACCESS_KEY 须同时设置（或都不设，改用 AWS_* 变量）。"
        )
    addressing = env.get("MEDIA_S3_ADDRESSING", "path").strip() or "path"
    if addressing not in ADDRESSING:
        raise ObjectStoreSettingError(f"MEDIA_S3_ADDRESSING 只能是 path 或 virtual，而不是 {addressing!r}。")
    endpoint = env.get("MEDIA_S3_ENDPOINT_URL", "").strip()
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise ObjectStoreSettingError(f"MEDIA_S3_ENDPOINT_URL 应以 http:// 或 https:// 开头：{endpoint!r}。")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": env.get("MEDIA_S3_REGION", "").strip() or "us-east-1",
        "location": env.get("MEDIA_S3_PREFIX", "").strip().strip("/"),
        # a second upload of a name gets a new name, as on disk, never another record's file
        "file_overwrite": False,
        "default_acl": None,  # the bucket stays private: objects inherit its policy
        "querystring_auth": True,
        "verify": env.get("MEDIA_S3_CA_BUNDLE", "").strip() or None,
        "client_config": client_config(addressing),
    }
    if key:
        options["access_key"], options["secret_key"] = key, secret
    return {"BACKEND": BACKEND, "OPTIONS": options}


def client_config(addressing: str = "path"):
    """boto3's client settings for servers other than Amazon's: path or virtual-host addressing and
    SigV4 (django-storages takes both from here once a client config is given), checksums only where
    the S3 API requires them (many compatible servers refuse the newer default trailers), short connect
    timeouts so a page does not hang on an unreachable store, and boto3's standard retries."""
    from botocore.config import Config

    return Config(
        s3={"addressing_style": addressing},
        signature_version="s3v4",
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        connect_timeout=5,
        read_timeout=60,
        retries={"max_attempts": 3, "mode": "standard"},
    )
