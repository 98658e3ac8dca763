"""Command line: check the content, export Markdown, scaffold a report, write the schemas.

``kader-check`` (and ``python -m generator check``) validates without
building, for a content repository's CI. Exit status: 0 fine, 1 problems in
the content, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from . import pipeline
from .problems import ContentError, format_problems
from .render import TEMPLATES
from .schema import write_schemas


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
    nieuw = commands.add_parser("nieuw-rapport", help="maak een nieuw rapportbestand met de juiste opbouw")
    nieuw.add_argument("id", help="id van het rapport, bijv. 2021-venlo")
    nieuw.add_argument("--gemeente", required=True, help="id van de gemeente uit kader/gemeenten.yaml")
    nieuw.add_argument("--titel", required=True)
    nieuw.add_argument("--variant", default=None, help="id van de regionale variant van het kader, indien van toepassing")
    commands.add_parser("schema", help="schrijf de JSON Schema's naar schema/")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    if args.command == "check":
        return run_check(root)
    if args.command == "export":
        return run_export(root, args.target, args.site_url)
    if args.command == "nieuw-rapport":
        return run_nieuw(root, args.id, args.gemeente, args.titel, args.variant)
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


def run_nieuw(root: Path, rapport_id: str, gemeente: str, titel: str, variant: str | None) -> int:
    """Write rapporten/<id>.yaml from the scaffold template; refuse to overwrite."""
    target = root / "rapporten" / f"{rapport_id}.yaml"
    if target.exists():
        print(f"{target.relative_to(root)} bestaat al; kies een andere id", file=sys.stderr)
        return 2
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), keep_trailing_newline=True)
    text = env.get_template("nieuw-rapport.yaml.j2").render(id=rapport_id, gemeente=gemeente, titel=titel, variant=variant)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"geschreven: {target.relative_to(root)}. Vul de teksten in en controleer met: kader-check")
    return 0


def check_main() -> int:
    """Entry point of the ``kader-check`` console script."""
    return main([*sys.argv[1:], "check"])


if __name__ == "__main__":
    sys.exit(main())
