"""Command line: check the content, export Markdown, scaffold a report, write the schemas.

``kader-check`` (and ``python -m generator check``) validates without
building, for a content repository's CI. Exit status: 0 fine, 1 problems in
the content, 2 wrong usage, 3 an internal error (a bug: reported as one line
asking for a bug report, never as a traceback).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import pipeline
from .load import CONTENT_DIRS
from .paths import RESERVED_IDS
from .problems import ContentError, InternalError, escape_controls, format_problems, guard
from .render import TEMPLATES
from .schema import write_schemas
from .validate import PLACEHOLDER, PLACEHOLDER_DATE, PLACEHOLDER_PUBLICATIE

SOORTEN = ("gemeenterapport", "landelijk", "thematisch")
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEFAULT_KADER = "lokale-netwerk-na-veilig-thuis"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description="Kader in de praktijk: inhoud controleren en exporteren."
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="map met kader/ en rapporten/ (standaard: huidige map)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="controleer alle inhoud zonder te bouwen")
    export = commands.add_parser("export", help="schrijf een volledige sitebron (Markdown, data, thema, mkdocs.yml) in een map")
    export.add_argument("target", type=Path)
    export.add_argument(
        "--site-url", default=None, help="publiek adres van de site (standaard: KADER_SITE_URL of site_url uit mkdocs.yml)"
    )
    nieuw = commands.add_parser(
        "nieuw-rapport", help="maak een nieuw rapportbestand met de opbouw van zijn soort (zie BEHEER.md)"
    )
    nieuw.add_argument("id", help="id van het rapport: kleine letters, cijfers en streepjes, bijv. 2021-venlo")
    nieuw.add_argument("--soort", choices=SOORTEN, default="gemeenterapport", help="soort rapport (standaard: gemeenterapport)")
    nieuw.add_argument(
        "--gemeente",
        action="append",
        default=[],
        help="id uit kader/gemeenten.yaml; verplicht (één keer) bij een gemeenterapport, bij een landelijk rapport één keer per onderzochte gemeente",
    )
    nieuw.add_argument("--titel", required=True)
    nieuw.add_argument(
        "--kader", default=None, help=f"id van het kader waaraan is getoetst (gemeenterapport: standaard {DEFAULT_KADER})"
    )
    nieuw.add_argument("--variant", default=None, help="id van de regionale variant van het kader, indien van toepassing")
    commands.add_parser("schema", help="schrijf de JSON Schema's naar schema/")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    try:
        with guard(str(args.root)):
            return run(root, args)
    except InternalError as error:
        print(error, file=sys.stderr)
        return 3


def run(root: Path, args: argparse.Namespace) -> int:
    if not root.is_dir():
        return _usage(f"{args.root} is geen map; geef met --root de map met kader/ en rapporten/")
    if args.command in ("check", "export") and not any((root / name).is_dir() for name in CONTENT_DIRS):
        return _usage(f"in {args.root} staan geen kader/ en rapporten/; geef met --root de map van de inhoud")
    if args.command == "check":
        return run_check(root)
    if args.command == "export":
        return run_export(root, args.target, args.site_url)
    if args.command == "nieuw-rapport":
        return run_nieuw(root, args.id, args.soort, args.gemeente, args.titel, args.kader, args.variant)
    for path in write_schemas(root / "schema"):
        print(f"geschreven: {path.relative_to(root)}")
    return 0


def run_check(root: Path) -> int:
    problems = pipeline.check(root)
    if problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    print("Alle inhoud is in orde.")
    return 0


def run_export(root: Path, target: Path, site_url: str | None = None) -> int:
    try:
        written = pipeline.export(root, target.resolve(), root / "site_overrides" / "templates", site_url)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(written)} bestanden geschreven naar {target}; bouwen zonder plugin: cd {target} && mkdocs build")
    return 0


def _usage(message: str) -> int:
    print(escape_controls(message), file=sys.stderr)
    return 2


def run_nieuw(
    root: Path, rapport_id: str, soort: str, gemeenten: list[str], titel: str, kader: str | None, variant: str | None
) -> int:
    """Write rapporten/<id>.yaml for one kind of report; never outside rapporten/, never over an existing file.

    Every value is written as a quoted YAML scalar (see ``yaml_value``), so no
    argument can change the file's structure. The texts and dates still to be
    filled in carry the marker PLACEHOLDER (or the date 1111-11-11), which
    ``kader-check`` reports at its line until the maintainer replaces it.
    """
    if not ID.match(rapport_id) or len(rapport_id) > 120:
        return _usage(f"'{rapport_id}' is geen geldige id: gebruik kleine letters, cijfers en streepjes, bijv. 2021-venlo")
    if rapport_id in RESERVED_IDS["rapport"]:
        return _usage(
            f"'{rapport_id}' is gereserveerd (rapporten/{rapport_id}/ is al een pagina van de site); kies een andere id"
        )
    for value in [*gemeenten, kader or "", variant or ""]:
        if value and not ID.match(value):
            return _usage(f"'{value}' is geen geldige id: gebruik kleine letters, cijfers en streepjes")
    if soort == "gemeenterapport" and len(gemeenten) != 1:
        return _usage("een gemeenterapport gaat over precies één gemeente: geef --gemeente <id> (één keer)")
    if soort == "thematisch" and gemeenten:
        return _usage("een thematisch rapport noemt geen gemeenten; laat --gemeente weg of kies --soort landelijk")
    if variant and not (kader or soort == "gemeenterapport"):
        return _usage("een variant hoort bij een kader: geef ook --kader <id>")
    if not titel.strip():
        return _usage("geef een titel met --titel")
    folder = root / "rapporten"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return _usage("rapporten/ is geen gewone map; maak het bestand niet aan")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{rapport_id}.yaml"
    text = scaffold(
        id=rapport_id,
        soort=soort,
        titel=titel,
        gemeenten=gemeenten,
        kader=kader or (DEFAULT_KADER if soort == "gemeenterapport" else None),
        variant=variant,
    )
    try:
        with target.open("x", encoding="utf-8") as file:  # "x": never overwrite, never follow a link
            file.write(text)
    except FileExistsError:
        return _usage(f"rapporten/{rapport_id}.yaml bestaat al; kies een andere id")
    print(
        f"geschreven: rapporten/{rapport_id}.yaml. Vervang elke '{PLACEHOLDER}' en de voorbeelddatums; "
        "kader-check meldt wat nog openstaat."
    )
    return 0


def scaffold(**values: Any) -> str:
    """The text of a new report from templates/nieuw-rapport.yaml.j2; every ``{{ }}`` becomes a YAML value."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        keep_trailing_newline=True,
        trim_blocks=True,
        undefined=StrictUndefined,
        finalize=yaml_value,
        autoescape=False,
    )
    return env.get_template("nieuw-rapport.yaml.j2").render(
        placeholder=PLACEHOLDER,
        placeholder_date=PLACEHOLDER_DATE,
        placeholder_publicatie=PLACEHOLDER_PUBLICATIE,
        **values,
    )


def yaml_value(value: Any) -> str:
    """One value as YAML in flow style: strings always double-quoted (escaped by ruamel), lists as [..]."""
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = True
    yaml.width = 1_000_000
    if isinstance(value, (str, list)):
        yaml.default_style = '"'  # type: ignore[assignment]
    buffer = StringIO()
    yaml.dump(value, buffer)
    text = buffer.getvalue()
    return text.removesuffix("\n...\n").rstrip("\n")


def check_main() -> int:
    """Entry point of the ``kader-check`` console script."""
    return main([*sys.argv[1:], "check"])


if __name__ == "__main__":
    sys.exit(main())
