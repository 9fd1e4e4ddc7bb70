"""The built-in rule sets, one module each; a court or procuratorate with other rules adds a plugin."""

from . import chongqing_2017, hainan_2002, liaoning_procuratorate, liwan_court

BUILTIN = (liwan_court.RULES, liaoning_procuratorate.RULES, hainan_2002.RULES, chongqing_2017.RULES)
