"""Which app may import which: the layers of docs/architecture.md, checked on every import.

Every .py file of the packages in LAYERS is read with `ast`; every import in it of another of
these packages (at module level or inside a function; `import x` or `from x import y`) must go to
its own layer or a lower one. A failure names the file, the line and the import. Not checked:
imports inside one package, and names in strings (`apps.get_model`, `include("x.urls")`).
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module may import from its own layer and the layers below it. A dotted name
# places one module apart from the rest of its package (the longest match counts).
LAYERS = [
    # infrastructure: settings, celery, paging, API support, service forms, panels
    ["wsp_crm"],
    # the audit trail's recording (models, registry, services): every service calls it
    ["audit"],
    ["accounts"],
    ["employers"],
    # a placement is a candidate at an employer; a candidate's scope reads their placements
    ["candidates", "placements"],
    ["continuity"],
    # the employer portal; the global search (it reads every app); the audit pages (the
    # candidates' access log) and the retention job (it anonymises through the candidates' and
    # employers' services)
    ["portal", "audit.views", "audit.retention", "search"],
    # the composition root (every app's URLs, API routes and menu items), and the tools
    ["wsp_crm.urls", "wsp_crm.api", "wsp_crm.navigation", "demo", "bench"],
]

# The one way up: a service tells continuity which employers changed, to check them again after
# the commit (continuity/triggers.py). Any module may import it. (Pages show what an app above
# adds through panels: wsp_crm/panels.py.)
ANYONE_MAY_IMPORT = {"continuity.triggers"}

LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}
PACKAGES = {name.split(".")[0] for name in LAYER_OF}


def layer(dotted):
    """The layer of a module or name by its dotted name (its longest prefix in LAYERS)."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in LAYER_OF:
            return LAYER_OF[".".join(parts[:end])]
    return None


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source, filename):
    """(line, dotted name) of every absolute import; `from x import y` gives x.y (y may be a
    module of x or a name in it: `layer` finds the longest known prefix either way)."""
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def violations(path, source):
    """'file:line imports x (layer ...), above its own (layer ...)' per import that goes up."""
    importer = module_name(path)
    own = layer(importer)
    found = []
    for line, target in imports_of(source, str(path)):
        package = target.split(".")[0]
        if package == importer.split(".")[0] or package not in PACKAGES:
            continue
        if any(target == port or target.startswith(f"{port}.") for port in ANYONE_MAY_IMPORT):
            continue
        if layer(target) > own:
            found.append(
                (
                    line,
                    f"{path.relative_to(ROOT)}:{line} imports {target} "
                    f"(layer {layer(target)}: {', '.join(LAYERS[layer(target)])}), "
                    f"above its own (layer {own}: {', '.join(LAYERS[own])})",
                )
            )
    return [message for _line, message in sorted(found)]


def python_files():
    for package in sorted(PACKAGES):
        if (ROOT / package).is_dir():
            yield from sorted((ROOT / package).rglob("*.py"))


def test_no_app_imports_an_app_above_it():
    found = [problem for path in python_files() for problem in violations(path, path.read_text())]
    assert not found, "Imports against the layers (docs/architecture.md):\n" + "\n".join(found)


def test_every_app_of_ours_has_a_layer():
    ours = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    ours = {app for app in ours if (ROOT / app).is_dir()}
    assert ours <= PACKAGES, f"Give these apps a layer in LAYERS: {sorted(ours - PACKAGES)}"


def test_the_check_finds_an_import_up_at_module_level_and_inside_a_function():
    source = "from portal.views import x\n\n\ndef f():\n    import continuity.rules\n"
    found = violations(ROOT / "employers" / "views" / "detail.py", source)
    assert found == [
        "employers/views/detail.py:1 imports portal.views.x (layer 6: portal, audit.views, "
        "audit.retention, search), above its own (layer 3: employers)",
        "employers/views/detail.py:5 imports continuity.rules (layer 5: continuity), "
        "above its own (layer 3: employers)",
    ]
    allowed = (
        "from accounts.models import User\nfrom continuity.triggers import rescan_after_commit\n"
    )
    assert violations(ROOT / "employers" / "services.py", allowed) == []
    assert violations(ROOT / "audit" / "retention.py", "from candidates import services\n") == []
    assert violations(ROOT / "audit" / "services.py", "from candidates import services\n")
