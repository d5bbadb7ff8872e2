"""Test settings: the product's settings with a fast password hasher."""

from minsheng.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
