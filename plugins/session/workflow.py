"""The session task kind: the kernel's task life (to do → done), named for congress-session work."""

from lianluo.kernel import task_kind

TASK = task_kind("session-task", "会议工作任务")
