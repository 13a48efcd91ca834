"""Exceptions a user of sipcodes can act on, one type per kind of mistake."""


class SipcodesError(Exception):
    """Base class for every error sipcodes raises on purpose.

    Raised with a message template and its values (`UnknownCode("{code} is …", code=999)`), so that a front end
    can show the message in the user's language; `str()` gives the English.
    """

    def __init__(self, template: str, **params: object):
        self.template = template
        self.params = params
        super().__init__(template.format(**params) if params else template)

    def translated(self, lang: str) -> str:
        """The message in `lang` (English when the interface catalog has no translation for it)."""
        from .i18n import translator

        try:
            return translator(lang)(self.template).format(**self.params)
        except (KeyError, IndexError, ValueError):  # a broken translation must not hide the error itself
            return str(self)


class UnknownCode(SipcodesError, LookupError):
    """The value given is not a code in the catalog."""


class UnknownLanguage(SipcodesError, LookupError):
    """The language asked for has no content in the catalog."""


class CatalogError(SipcodesError, ValueError):
    """A data file breaks the catalog schema; the message names the file and the field."""
