"""Runs inside the demo environment: shows what puffin installed there."""

from importlib.metadata import distributions

from packaging.version import Version
from rich.console import Console
from rich.table import Table

table = Table(title="Installed by puffin")
table.add_column("package")
table.add_column("version")
table.add_column("installer")
for dist in sorted(distributions(), key=lambda d: d.metadata["Name"].lower()):
    installer = (dist.read_text("INSTALLER") or "").strip()
    table.add_row(dist.metadata["Name"], str(Version(dist.version)), installer)
Console().print(table)
