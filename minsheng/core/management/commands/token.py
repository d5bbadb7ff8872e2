import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from minsheng.core.audit import log_action
from minsheng.core.models import ApiToken


class Command(BaseCommand):
    help = "为用户生成 API 令牌并打印（脚本以 Authorization: Bearer 令牌 调用接口）。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用。")
        token = "ms_" + secrets.token_urlsafe(32)
        record = ApiToken.objects.create(user=user, digest=ApiToken.digest_of(token))
        log_action(record, "create", None, {"用户": [None, username]}, via="cli")
        self.stdout.write(token)
