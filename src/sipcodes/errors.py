"""Exceptions a user of sipcodes can act on, one type per kind of mistake."""


class SipcodesError(Exception):
    """Base class for every error sipcodes raises on purpose."""


class UnknownCode(SipcodesError, LookupError):
    """The value given is not a code in the catalog."""


class UnknownLanguage(SipcodesError, LookupError):
    """The language asked for has no content in the catalog."""


class CatalogError(SipcodesError, ValueError):
    """A data file breaks the catalog schema; the message names the file and the field."""
