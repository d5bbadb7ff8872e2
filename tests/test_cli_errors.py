"""The `minsheng` command line prints a command's refusal in Chinese: "错误：…" on stderr, exit status
1, never Django's English "CommandError: " prefix; --traceback still shows the exception, and a
command called inside another (call_command) still raises it to its caller."""

import pytest
from django.core.management import CommandError, call_command

from minsheng.cli import main
from tests.test_backup import minsheng


def test_restore_of_a_file_that_is_not_a_backup_says_error_in_chinese(tmp_path):
    missing = tmp_path / "不存在.tar"
    done = minsheng(
        f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "data", "restore", str(missing), check=False
    )
    assert done.returncode == 1
    assert done.stderr.startswith("错误：") and "CommandError" not in done.stderr, done.stderr
    assert "无法读取备份文件" in done.stderr and str(missing) in done.stderr and "文件不存在" in done.stderr
    assert "Errno" not in done.stderr  # the system's English words stay out
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_in_process_the_same_and_traceback_still_raises(tmp_path, capsys):
    missing = str(tmp_path / "nothing.tar")
    with pytest.raises(SystemExit) as exit:
        main(["restore", missing])
    assert exit.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：无法读取备份文件") and "CommandError" not in err
    with pytest.raises(CommandError, match="无法读取备份文件"):
        main(["restore", missing, "--traceback"])
    with pytest.raises(CommandError, match="无法读取备份文件"):  # call_command: raised, not printed
        call_command("restore", missing)
