"""
The shared machinery of the plots: matplotlib on demand, a CJK font, the words.

Nothing here changes matplotlib's global settings: each figure is drawn inside
`matplotlib.rc_context` with the chosen font, and the font is then written on
every text of the axes, because a tick label made before the call (a caller's
``ax``) or at draw time would otherwise keep the font it was made with. The
one global effect is that a CJK font found on disk but missing from
matplotlib's cached font list is registered with its font manager (the cache
is written once, and often predates ``apt install fonts-noto-cjk``).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.display import import_extra
from gridgov.errors import InvalidValueError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CJK_FAMILIES",
    "MissingCJKFontWarning",
    "Style",
    "drawing",
    "find_cjk_font",
    "import_matplotlib",
    "root_figure",
    "style",
]

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "AR PL UMing CN",
    "SimSun",
)
"""Font families that draw Simplified Chinese, in order of preference."""

# File names (lower case, without - and _) of the same fonts, for fonts that
# are installed but absent from matplotlib's cached font list.
_CJK_FILES = (
    "notosanscjk",
    "notosanssc",
    "notoserifcjk",
    "sourcehansans",
    "sourcehanserif",
    "wqy",
    "msyh",
    "simhei",
    "simsun",
    "pingfang",
    "uming",
)

_INSTALL_HINT = (
    "install one (Debian/Ubuntu: apt install fonts-noto-cjk) "
    "or pass font='path/to/font.otf'"
)


class MissingCJKFontWarning(UserWarning):
    """No font that draws Chinese was found: the plots fall back to English."""


def import_matplotlib(feature: str = "gridgov.plots") -> ModuleType:
    """
    Import matplotlib on demand (the ``plot`` extra).

    Raises:
        MissingExtraError: matplotlib is not installed; the message names
            *feature* and ``pip install 'gridgov[plot]'``.
    """
    return import_extra("matplotlib", "plot", feature)


def _font_manager() -> Any:
    import_matplotlib()
    return importlib.import_module("matplotlib.font_manager")


def _known(fm: Any) -> str | None:
    names = {f.name for f in fm.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in names), None)


@functools.cache
def find_cjk_font() -> str | None:
    """
    The family name of an installed font that draws Chinese, or None.

    Looks for `CJK_FAMILIES` in matplotlib's font list, then among the font
    files on the system (registering any it finds), once per process.
    """
    fm = _font_manager()
    found = _known(fm)
    if found is None:
        for path in fm.findSystemFonts():
            stem = Path(path).name.lower().replace("-", "").replace("_", "")
            if any(key in stem for key in _CJK_FILES):
                with contextlib.suppress(Exception):  # an unreadable file: skip it
                    fm.fontManager.addfont(path)
        found = _known(fm)
    return found


def _family_of(font: str | os.PathLike[str]) -> str:
    """The family of a font given by file path or by family name."""
    fm = _font_manager()
    path = Path(font)
    if path.suffix.lower() in {".ttf", ".otf", ".ttc", ".otc"}:
        if not path.is_file():
            raise InvalidValueError("font", "an existing font file", str(font))
        try:
            fm.fontManager.addfont(str(path))
            name: str = fm.FontProperties(fname=str(path)).get_name()
        except (OSError, RuntimeError, ValueError):
            raise InvalidValueError(
                "font", "a font file matplotlib reads", str(font)
            ) from None
        return name
    if str(font) not in {f.name for f in fm.fontManager.ttflist}:
        raise InvalidValueError(
            "font", "an installed font family or a font file", str(font)
        )
    return str(font)


@functools.cache
def _warn_no_cjk_font() -> None:
    # Cached: one warning per process, however many plots fall back.
    warnings.warn(
        f"gridgov.plots found no font that draws Chinese, so the plots use English "
        f"labels; {_INSTALL_HINT}",
        MissingCJKFontWarning,
        stacklevel=4,  # warn -> style -> the chart -> its caller
    )


@attrs.frozen
class Style:
    """
    How one figure is labelled: its language and font.

    Attributes:
        lang: ``"zh"`` or ``"en"``: ``"en"`` when Chinese was asked for but
            no CJK font is installed.
        family: The CJK font family, or None (then nothing Chinese is drawn:
            names give way to codes).
    """

    lang: str
    family: str | None

    @property
    def zh(self) -> bool:
        """Whether the labels are Chinese."""
        return self.lang == "zh"

    def say(self, zh: str, en: str) -> str:
        """The Chinese or the English text."""
        return zh if self.zh else en

    def name(self, name: str, fallback: str) -> str:
        """*name* if it can be drawn (a CJK font, or plain ASCII), else *fallback*."""
        return name if self.family is not None or name.isascii() else fallback


def style(lang: str, font: str | os.PathLike[str] | None) -> Style:
    """
    The labels' language and font for a figure.

    Raises:
        InvalidValueError: *lang* is not ``"zh"`` or ``"en"``, or *font* is
            neither a font file nor an installed family.
    """
    if lang not in {"zh", "en"}:
        raise InvalidValueError("lang", "'zh' or 'en'", lang)
    family = _family_of(font) if font is not None else find_cjk_font()
    if family is None:
        if lang == "zh":
            _warn_no_cjk_font()
        return Style("en", None)
    return Style(lang, family)


@contextlib.contextmanager
def drawing(look: Style, ax: Axes | None, size: tuple[float, float]) -> Iterator[Axes]:
    """
    Axes to draw on (*ax*, or a new figure's), with *look*'s font in force.

    The figure comes from pyplot, so Jupyter shows it; nothing calls ``show()``.
    Afterwards the font is written on every text of the axes (on a caller's
    *ax*, on what was there before too).
    """
    mpl = import_matplotlib()
    settings: dict[str, Any] = {"axes.unicode_minus": False}
    if look.family is not None:
        settings["font.family"] = [look.family]
    with mpl.rc_context(settings):
        if ax is None:
            plt = importlib.import_module("matplotlib.pyplot")
            _fig, ax = plt.subplots(figsize=size, layout="constrained")
        yield ax
        if look.family is not None:
            text = importlib.import_module("matplotlib.text")
            for item in ax.findobj(text.Text):
                item.set_fontfamily([look.family])


def root_figure(axes: Axes) -> Figure:
    """The Figure *axes* is drawn in (through a SubFigure, to its root)."""
    # A SubFigure's .figure is its root Figure, and a Figure's is itself.
    return axes.figure.figure
