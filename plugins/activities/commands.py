"""The `activity` command group, added to the root CLI by the plugin's `register_commands`."""

from __future__ import annotations

import click

from .record import activity_add, activity_attend, activity_report
from .views import activity_coverage, activity_invite, activity_list, activity_show


@click.group(name="activity")
def activity_group() -> None:
    """联络活动：走访、旁听庭审、视察评议、座谈、调解、见证执行、释法答疑；覆盖检查与轮流/抽签邀请。"""


for _command in (activity_add, activity_attend, activity_report, activity_list, activity_show, activity_coverage,
                 activity_invite):
    activity_group.add_command(_command)


def add_commands(cli: click.Group) -> None:
    cli.add_command(activity_group)
