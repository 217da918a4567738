"""Translation rules: the deprecated one-field-per-language form, and missing translations."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.findings import Finding, Severity, format_path
from svcstd.lint.context import LintContext
from svcstd.lint.i18n import TRANSLATED_KINDS, missing_translations
from svcstd.lint.registry import rule
from svcstd.text import LEGACY_FIELDS, with_legacy

# How many fields a missing-translation finding names before "and N more".
LISTED_FIELDS = 8


@rule(
    "i18n/legacy-translation-field",
    Severity.WARNING,
    "A title or name is translated with the deprecated title_id / name_id field.",
    """
    Every text can be written in several languages as a language map, e.g.
    'title: {en: Payroll Officer, id: Staf Penggajian}'. The older form, a second
    field 'title_id' (or 'name_id' for teams) holding the Indonesian title, covered
    only titles and names; it still renders during the transition but will be
    removed. 'svcstd lint --fix' rewrites 'title' + 'title_id' into one language map
    in place, keeping comments and layout.""",
    scope="document",
    kinds=("team", "role", "standard", "sop"),
)
def legacy_translation_field(ctx: LintContext) -> Iterator[Finding]:
    language = ctx.org.config.language
    for doc in ctx.org.documents():
        for legacy, (field, _) in LEGACY_FIELDS.items():
            if legacy not in doc.data:
                continue
            merged = with_legacy(doc.data, legacy, language)
            written = ", ".join(f"{code}: {text}" for code, text in merged.items())
            yield ctx.finding(
                "i18n/legacy-translation-field",
                doc,
                (legacy,),
                f"'{legacy}' is deprecated: write '{field}' as a language map",
                f"{field}: {{{written}}} (svcstd lint --fix rewrites it)",
                key=True,
            )


@rule(
    "i18n/missing-translation",
    Severity.WARNING,
    "A text is not written in every language the organisation publishes in.",
    """
    With 'languages: [en, id]' in svcstd.yaml the handbook is published in each
    language, and a text written in only one of them is shown to the other readers
    in the language it has (marked with a lang attribute in HTML, and counted in
    render's summary). This rule lists, once per document, the text fields that lack
    a language, at the first of them; write each as a language map, e.g.
    'summary: {en: ..., id: ...}'. A plain string counts as written in the
    configuration's 'language'. Teams, roles, standards, SOPs and actions are checked;
    feedback comments and waivers are not. Off by default: list it under
    rules.enable (its severity is set like any other rule's). 'svcstd lint --format
    json' reports the coverage per language in its summary whenever several languages
    are configured.""",
    scope="document",
    kinds=TRANSLATED_KINDS,
    default_on=False,
)
def missing_translation(ctx: LintContext) -> Iterator[Finding]:
    config = ctx.org.config
    if len(config.languages) < 2:
        return
    for doc in ctx.org.documents():
        missing = missing_translations(doc.data, doc.kind, config.languages, config.language)
        if not missing:
            continue
        named = [f"{format_path(path)} ({', '.join(codes)})" for path, codes in missing]
        more = len(named) - LISTED_FIELDS
        listed = ", ".join(named[:LISTED_FIELDS]) + (f" and {more} more" if more > 0 else "")
        lacking = sorted({code for _, codes in missing for code in codes})
        yield ctx.finding(
            "i18n/missing-translation",
            doc,
            missing[0][0],
            f"{len(missing)} text(s) lack a translation: {listed}",
            f"write each as a language map with every language ({', '.join(lacking)} "
            "missing), e.g. summary: {en: ..., id: ...}",
            key=True,
        )
