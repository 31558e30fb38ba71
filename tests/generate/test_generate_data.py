"""The data files and settings of ``dsm generate``: what they accept and how they fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from generate_fixtures import copy_project, settings

from dsm import config, generate
from dsm.errors import DsmError, UsageError
from dsm.generate import constants, theme
from dsm.generate.sources import Sources
from projectkit import write

THEME = "plugin/data/theme.toml"
CONSTANTS = "plugin/data/constants.toml"
VIEW_A = '[[views]]\nid = "a"\ntitle = "A"\ndescription = "x"\n'


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = copy_project(tmp_path)
    monkeypatch.chdir(project)  # messages name files relative to the working folder
    return project


def _theme_error(root: Path, text: str) -> str:
    path = write(root, THEME, text)
    with pytest.raises(DsmError) as caught:
        theme.load(path)
    return caught.value.message


# theme.toml


def test_theme_tokens_are_sorted_with_a_colour_and_modifier_per_studio_theme(root: Path) -> None:
    data = theme.load(root / THEME)
    assert data.names == ["background", "inputFocus", "success", "text"]
    success = data.tokens[2]
    assert success.themes == {
        "Dark": theme.Mapping("ScriptString", "Hover"),  # the shared modifier applies
        "Light": theme.Mapping("ScriptComment", "Default"),  # the theme's own one wins
    }
    assert data.tokens[0].themes["Light"] == theme.Mapping("MainBackground", "Default")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[tokens.text]\ndescription = "x"\ncolor = "MainTxt"\n',
            'plugin/data/theme.toml: tokens.text.color "MainTxt" is not an Enum.StudioStyleGuideColor item; '
            'did you mean "MainText"?',
        ),
        (
            '[tokens.text]\ndescription = "x"\ncolor = "MainText"\nmodifier = "Hovered"\n',
            'plugin/data/theme.toml: tokens.text.modifier "Hovered" is not an Enum.StudioStyleGuideModifier item; '
            'did you mean "Hover"?',
        ),
        (
            '[tokens.text]\ndescription = "x"\ndark = { color = "MainText" }\n',
            "plugin/data/theme.toml: tokens.text.color is missing: give color, or tokens.text.light.color",
        ),
        (
            '[tokens.text]\ndescription = "x"\ncolour = "MainText"\n',
            'plugin/data/theme.toml: unknown key "tokens.text.colour"; did you mean "color"?',
        ),
        (
            '[tokens.text]\ndescription = "x"\ncolor = "MainText"\ndark = { color = "MainText", tint = 1 }\n',
            'plugin/data/theme.toml: unknown key "tokens.text.dark.tint"; known keys: color, modifier',
        ),
        (
            '[tokens.Text]\ndescription = "x"\ncolor = "MainText"\n',
            'plugin/data/theme.toml: token "Text" must be a camelCase name (letters and digits, starting lowercase)',
        ),
        ('[tokens.text]\ncolor = "MainText"\n', "plugin/data/theme.toml: tokens.text.description is missing"),
        ("[tokens]\n", "plugin/data/theme.toml: [tokens] is empty; add at least one [tokens.<name>] table"),
        ('[tokens.text]\ndescription = "x"\ncolor = 3\n', "plugin/data/theme.toml: tokens.text.color must be a"),
        ('[tokens.text]\ndescription = "x"\ndark = "MainText"\n', "plugin/data/theme.toml: tokens.text.dark must be"),
        ("[tokens.text\n", "plugin/data/theme.toml:1: not valid TOML: "),
    ],
)
def test_theme_mistakes_name_the_file_and_key(root: Path, text: str, message: str) -> None:
    assert _theme_error(root, text).startswith(message)


# constants.toml


def _constants(root: Path, views: str, head: str = 'pluginId = "P"\npluginName = "Plugin"\n') -> dict[str, object]:
    return constants.load(write(root, CONSTANTS, head + views))


def test_constants_keep_views_in_order_and_pass_other_tables_through(root: Path) -> None:
    data = constants.load(root / CONSTANTS)
    assert [view["id"] for view in data["views"]] == ["first", "second"]
    assert data["widget"] == {"title": "Fixture", "minimumWidth": 400}
    assert data["pluginName"] == 'Fixture "Plugin"'


@pytest.mark.parametrize(
    ("views", "message"),
    [
        ("", "plugin/data/constants.toml: views needs at least one [[views]] entry"),
        (
            VIEW_A + '[[views]]\nid = "a"\ntitle = "B"\ndescription = "y"\n',
            'plugin/data/constants.toml: views[2].id "a" is used by an earlier view; ids must be unique',
        ),
        (
            VIEW_A + '[[views]]\nid = "b"\ntitle = "A"\ndescription = "y"\n',
            'plugin/data/constants.toml: views[2].title "A" is used by an earlier view; titles must be unique',
        ),
        (
            '[[views]]\nid = "data-explorer"\ntitle = "A"\ndescription = "x"\n',
            'plugin/data/constants.toml: views[1].id "data-explorer" must be a camelCase name',
        ),
        (
            '[[views]]\nid = "a"\ntitle = "A"\ndescription = """two\nlines"""\n',
            "plugin/data/constants.toml: views[1].description must be one line",
        ),
        (
            '[[views]]\nid = "a"\ntitle = "A"\ndescription = "x"\nicon = "i"\n',
            'plugin/data/constants.toml: unknown key "views[1].icon"',
        ),
    ],
)
def test_view_mistakes_name_the_entry(root: Path, views: str, message: str) -> None:
    with pytest.raises(DsmError) as caught:
        _constants(root, views)
    assert caught.value.message.startswith(message)


def test_constants_need_the_plugin_id(root: Path) -> None:
    with pytest.raises(DsmError, match=r"constants\.toml: pluginId is missing; give it a string"):
        _constants(root, VIEW_A, head='pluginName = "P"\n')


# sources


def test_sources_load_only_what_a_template_reads_and_name_missing_files(root: Path) -> None:
    (root / THEME).unlink()
    sources = Sources(settings(root))
    assert sources.names == ["catalogue", "constants", "extra", "project", "theme"]
    assert sources.label("theme") == "plugin/data/theme.toml"
    assert sources.value("project") == {"name": "generate-fixture", "version": "2.3.4"}
    with pytest.raises(DsmError, match=r"plugin/data/theme\.toml: not found; create it or fix"):
        sources.value("theme")


def test_the_version_must_be_in_pyproject(root: Path) -> None:
    write(root, "pyproject.toml", "[project]\nname = 'x'\ndynamic = ['version']\n\n[tool.dsm]\n")
    with pytest.raises(DsmError, match=r'pyproject.toml: \[project\] version must be a string such as "1.2.0"'):
        Sources(settings(root)).value("project")


def test_a_data_file_cannot_take_a_built_in_name(root: Path) -> None:
    write(root, "plugin/data/project.toml", "a = 1\n")
    with pytest.raises(DsmError, match=r'plugin/data/project\.toml: "project" is a built-in source name'):
        Sources(settings(root))


def test_the_catalogue_is_checked_by_the_emulator_s_parser(root: Path) -> None:
    write(root, "catalogue.toml", "[limits]\nkey_name_length = -1\n")
    with pytest.raises(DsmError, match="key_name_length must be a non-negative integer"):
        Sources(settings(root)).value("catalogue")


def test_the_packaged_catalogue_is_the_default(root: Path) -> None:
    from dsm.emulator import catalogue

    sources = Sources(generate.from_config(config.load(root)))
    assert sources.value("catalogue").limits == dict(sorted(catalogue.load().limits.items()))
    assert sources.label("catalogue").endswith("dsm/emulator/catalogue.toml")


# [tool.dsm.generate]


def test_settings_default_to_the_plugin_folders_and_accept_overrides(root: Path) -> None:
    defaults = generate.from_config(config.load(root))
    assert (defaults.templates, defaults.data, defaults.output) == (
        root / "plugin/templates",
        root / "plugin/data",
        root / "plugin/src/Shared/Generated",
    )
    write(root, "pyproject.toml", '[tool.dsm.generate]\noutput = "src/Gen"\n')
    custom = generate.from_config(config.load(root))
    assert (custom.templates, custom.output) == (root / "plugin/templates", root / "src/Gen")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[tool.dsm.generate]\ntemplate = "t"\n',
            'unknown key "template" in [tool.dsm.generate]; did you mean "templates"?',
        ),
        ("[tool.dsm.generate]\noutput = 3\n", "[tool.dsm.generate] output must be a folder path string"),
        ('[tool.dsm]\ngenerate = "x"\n', "[tool.dsm.generate] must be a table"),
    ],
)
def test_settings_mistakes_are_usage_errors(root: Path, table: str, message: str) -> None:
    write(root, "pyproject.toml", table)
    with pytest.raises(UsageError) as caught:
        generate.from_config(config.load(root))
    assert caught.value.message == f"pyproject.toml: {message}"
