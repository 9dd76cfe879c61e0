"""Access rules checked in CI (`cax assert`, issue #13): load a TOML rules file, check it."""

from graph.rules.check import Offence, RuleResult, check_rules
from graph.rules.model import Rule, RulesError, load_rules

__all__ = ["Offence", "Rule", "RuleResult", "RulesError", "check_rules", "load_rules"]
