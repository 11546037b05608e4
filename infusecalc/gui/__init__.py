"""The desktop window (Qt widgets). It shows what ``infusecalc.core`` computes and holds no
clinical logic of its own. Importing this package stays cheap: no pint, no pydantic."""
