"""The loaders of the Q.850 cause, Warning code, Reason protocol and platform files: what they accept, and a clear
one-line error naming the file and field for what they reject."""

import textwrap

import pytest

from sipcodes import catalog
from sipcodes.catalog import _causes, _platforms
from sipcodes.errors import CatalogError

CAUSE = """\
cause = 34
name = "No circuit/channel available"
class = "resource-unavailable"
[[references]]
rfc = 3398
section = "7.2.4.1"
[en]
summary = "No trunk was free."
description = "The network had no circuit on the route it chose."
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def load_cause(tmp_path, text, name="34.toml"):
    return _causes.load_cause(write(tmp_path, name, text), catalog.codes(), _causes.rfc3398_by_cause())


def test_a_cause_takes_its_rfc3398_mappings_from_the_code_files(tmp_path):
    cause = load_cause(tmp_path, CAUSE)
    assert cause.to_sip == 503 and 503 in [c for c in catalog.codes() if catalog.get(c).q850 and 34 in
                                           catalog.get(c).q850.from_isup]
    assert cause.from_sip == ()  # no code maps to 34 by RFC 3398 §8.2.6.1
    assert cause.slug == "34-no-circuit-channel-available"
    assert cause.klass == "resource-unavailable"


@pytest.mark.parametrize("change, field", [
    (("cause = 34", "cause = 35"), "cause"),
    (('class = "resource-unavailable"', 'class = "normal-event"'), "class"),
    (('class = "resource-unavailable"', 'class = "weird"'), "class"),
    (('name = "No circuit/channel available"', 'name = ""'), "name"),
    (('section = "7.2.4.1"', 'section = "seven"'), "references[0].section"),
    (('summary = "No trunk was free."', 'summary = 3'), "en.summary"),
    (("cause = 34", "colour = 1\ncause = 34"), "colour"),
])
def test_a_broken_cause_file_is_named_with_its_field(tmp_path, change, field):
    with pytest.raises(CatalogError) as info:
        load_cause(tmp_path, CAUSE.replace(*change))
    message = str(info.value)
    assert "34.toml" in message and f"'{field}'" in message and "\n" not in message


def test_a_cause_several_codes_claim_must_name_the_first_one(tmp_path):
    # RFC 3398 §7.2.4.1 maps cause 21 to 403, or to 603 when the cause location is the user
    text = CAUSE.replace("cause = 34", "cause = 21").replace("resource-unavailable", "normal-event")
    with pytest.raises(CatalogError, match="to_sip"):
        load_cause(tmp_path, text, "21.toml")
    cause = load_cause(tmp_path, text.replace("[[references]]", "to_sip = 403\n[[references]]"), "21.toml")
    assert (cause.to_sip, cause.to_sip_also) == (403, (603,))
    with pytest.raises(CatalogError, match="to_sip"):
        load_cause(tmp_path, text.replace("[[references]]", "to_sip = 486\n[[references]]"), "21.toml")


WARNING = """\
warning = 304
text = "Media type not available"
registered_by = 3261
[[references]]
rfc = 3261
section = "20.43"
[en]
summary = "s"
description = "d"
how_to_fix = ["x"]
"""


def test_warning_files_are_checked(tmp_path):
    assert _causes.load_warning(write(tmp_path, "304.toml", WARNING)).text == "Media type not available"
    for change, field in ((("warning = 304", "warning = 404"), "warning"),
                          (("registered_by = 3261", "registered_by = 3262"), "registered_by"),
                          (('how_to_fix = ["x"]', "how_to_fix = []"), "en.how_to_fix")):
        text = WARNING.replace(*change)
        name = "404.toml" if "404" in change[1] else "304.toml"
        with pytest.raises(CatalogError, match=f"'{field}'"):
            _causes.load_warning(write(tmp_path, name, text))


PLATFORM = """\
platform = "demo"
name = "Demo"
component = "demo core"
[[sources]]
id = "core"
project = "Demo"
file = "src/core.c"
version = "1.0"
what = "map_code()"
[sip_to_cause]
source = "core"
map = { "486" = 17, "503" = 34 }
differs_from_rfc3398 = [503]
[cause_to_sip]
source = "core"
default = 480
map = { "17" = 486, "18" = 480 }
differs_from_rfc3398 = [18]
[[generated]]
code = 408
source = "core"
setting = "timer_b"
[en]
summary = "A demo."
generated = ["When the timer fires."]
"""


def load_platform(tmp_path, text):
    return _platforms.load_platform(write(tmp_path, "demo.toml", text), catalog.codes())


def test_a_platform_answers_for_codes_and_causes(tmp_path):
    p = load_platform(tmp_path, PLATFORM)
    assert p.for_code(503)["cause"] == 34 and p.for_code(486)["cause_by_default"] is False
    assert p.for_code(404)["cause"] is None
    assert p.for_code(408)["generated_when"] == "When the timer fires." and p.for_code(408)["setting"] == "timer_b"
    assert p.for_cause(17) == {"to_sip": 486, "to_sip_by_default": False, "from_sip": [486],
                               "source": "Demo src/core.c (map_code()), 1.0"}
    assert p.for_cause(99)["to_sip"] == 480 and p.for_cause(99)["to_sip_by_default"] is True


@pytest.mark.parametrize("change, needle", [
    (("differs_from_rfc3398 = [503]", "differs_from_rfc3398 = []"), "differing but not listed [503]"),
    (("differs_from_rfc3398 = [18]", "differs_from_rfc3398 = [17, 18]"), "listed but agreeing [17]"),
    (('source = "core"\nmap = { "486"', 'source = "nowhere"\nmap = { "486"'), "'nowhere' is not a source id"),
    (('"503" = 34', '"503" = 300'), "expected a number from 1 to 127"),
    (('generated = ["When the timer fires."]', "generated = []"), "needs one text for each"),
    (("code = 408", "code = 499"), "499 is not a code the catalog has"),
])
def test_a_platform_file_that_misstates_a_fact_is_rejected(tmp_path, change, needle):
    with pytest.raises(CatalogError) as info:
        load_platform(tmp_path, PLATFORM.replace(*change))
    assert needle in str(info.value) and "demo.toml" in str(info.value)


def test_unknown_values_get_one_clear_line():
    with pytest.raises(_causes.UnknownCause, match="from 1 to 127"):
        catalog.cause("abc")
    with pytest.raises(_causes.UnknownWarning, match="from 300 to 399"):
        catalog.warning("3x9")
    with pytest.raises(_platforms.UnknownPlatform, match="available"):
        catalog.platform("nosuch")
