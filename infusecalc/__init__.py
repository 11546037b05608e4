"""InfuseCalc: ct1190b dose calculator and pre-infusion washout checker (NCT07470073)."""

__version__ = "0.1.0"
