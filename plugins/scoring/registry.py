"""Rule sets from every enabled plugin, and the ones a command asks for (`--rules`, else the profile)."""

from __future__ import annotations

import attrs

from lianluo.kernel import call_registration, DuplicateError, InputError, PluginError, ProfileError, not_enabled_hint

from .ruleset import RuleSet

HOOK = "register_scoring_rules"


class RuleRegistry:
    """Collects rule sets, tagging each with its plugin and refusing a name offered twice."""

    def __init__(self) -> None:
        self.rules: dict[str, RuleSet] = {}
        self.pm = None  # the home's plugins, to say which installed plugin offers a rule it lacks

    def register_for(self, plugin: str):
        def register(rule_set: RuleSet) -> None:
            if not isinstance(rule_set, RuleSet):
                raise PluginError(plugin, HOOK, TypeError(f"应注册 RuleSet，实为 {type(rule_set).__name__}"))
            if rule_set.name in self.rules:
                other = self.rules[rule_set.name].plugin
                raise DuplicateError("评分规则", rule_set.name, other, plugin)
            self.rules[rule_set.name] = attrs.evolve(rule_set, plugin=plugin)

        return register

    @classmethod
    def load(cls, app) -> "RuleRegistry":
        registry = cls()
        registry.pm = app.pm
        call_registration(app.pm, HOOK, registry.register_for)
        registry.check_ratings(app.actions.vocabulary("feedback", "rating"))
        return registry

    def check_ratings(self, ratings) -> None:
        """Every rating a rule set scores is one the feedback action takes (when a plugin declares it): the
        vocabulary is the suggestions plugin's, checked here rather than imported."""
        codes = tuple(ratings)
        if not codes:
            return
        for rules in self.rules.values():
            named = [*(rules.points.quality if rules.points else ()), *rules.satisfied]
            unknown = [r for r in named if r not in codes]
            if unknown:
                raise ProfileError(f"评分规则 {rules.name} 使用了未知的满意度 {'、'.join(unknown)}"
                                   f"（可用：{'、'.join(codes)}）")

    def available(self) -> str:
        return "、".join(f"{r.name}（{r.label}）" for r in self.rules.values()) or "无"

    def chosen(self, requested: str | None, profile_value) -> list[RuleSet]:
        """The rule sets named by `--rules` (comma-separated), else by the profile's `scoring.rules`."""
        if requested is not None:
            return self._named(requested.split(","), "--rules")
        if profile_value is None:
            raise InputError("--rules", f"请指定评分规则（配置文件未设 scoring.rules）；可用：{self.available()}")
        names = profile_value.split(",") if isinstance(profile_value, str) else profile_value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ProfileError(f"配置参数 scoring.rules 应为规则名或规则名列表，实为 {profile_value!r}")
        try:
            return self._named(names, "scoring.rules")
        except InputError as exc:
            raise ProfileError(f"配置参数 {exc}") from None

    def _named(self, names: list[str], field: str) -> list[RuleSet]:
        wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
        if not wanted:
            raise InputError(field, f"请给出至少一个评分规则；可用：{self.available()}")
        unknown = [n for n in wanted if n not in self.rules]
        if unknown:
            hints = "".join(not_enabled_hint(self.pm, HOOK, n) for n in unknown) if self.pm is not None else ""
            raise InputError(field, f"未知评分规则 {'、'.join(unknown)}；可用：{self.available()}{hints}")
        return [self.rules[n] for n in wanted]
