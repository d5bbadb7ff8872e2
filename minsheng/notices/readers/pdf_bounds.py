"""A pdfplumber page that stops drawing when a page asks for too much.

pdfminer builds an object per character, path and image of a page, and keeps every path segment until
the path is painted; a hostile page (or one Form XObject drawn a million times) can ask for millions.
`BoundedPage` lays a page out with a device and an interpreter that share one budget per page and raise
`PageTooComplex` when it runs out; the PDF reader turns that into a Chinese message naming the page.
The content parsed is also counted over the whole document (`ContentBudget`, shared by its pages).
"""

from __future__ import annotations

from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent

MAX_PAGE_OBJECTS = 20_000  # characters, paths and images laid out (a dense page of small text: ~5,000)
MAX_PAGE_OPERATIONS = 100_000  # path segments and XObjects drawn, across nested forms
# Content parsed, counted each time a stream runs (a form drawn twice counts twice): pdfminer parses
# about a million tokens a second and keeps operands on a stack until their operator comes. A Word page
# has 20-60 KB, a 300-page notice about 15 MB.
MAX_PAGE_CONTENT_BYTES = 2 * 1024 * 1024
MAX_DOCUMENT_CONTENT_BYTES = 32 * 1024 * 1024


class PageTooComplex(Exception):
    pass


class ContentBudget:
    """What is left of MAX_DOCUMENT_CONTENT_BYTES for the document's pages."""

    def __init__(self):
        self.left = MAX_DOCUMENT_CONTENT_BYTES

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise PageTooComplex


class _BoundedDevice(PDFPageAggregatorWithMarkedContent):
    objects = 0
    operations = 0
    content = 0
    budget: ContentBudget | None = None

    def spend_content(self, size: int) -> None:
        self.content += size
        if self.content > MAX_PAGE_CONTENT_BYTES:
            raise PageTooComplex
        if self.budget is not None:
            self.budget.spend(size)

    def spend_object(self) -> None:
        self.objects += 1
        if self.objects > MAX_PAGE_OBJECTS:
            raise PageTooComplex

    def spend_operation(self) -> None:
        self.operations += 1
        if self.operations > MAX_PAGE_OPERATIONS:
            raise PageTooComplex

    def render_char(self, *args, **kwargs):
        self.spend_object()
        return super().render_char(*args, **kwargs)

    def render_image(self, *args, **kwargs):
        self.spend_object()
        return super().render_image(*args, **kwargs)

    def paint_path(self, *args, **kwargs):
        self.spend_object()
        return super().paint_path(*args, **kwargs)


class _BoundedInterpreter(PDFPageInterpreter):
    """Counts content, path construction and XObject use on the device, which nested form interpreters
    share. (pdfminer passes an operator as many operands as its method names, hence the explicit ones.)"""

    def execute(self, streams) -> None:
        # Decoding here is no extra work: pdfminer keeps the decoded data for its parser.
        self.device.spend_content(sum(len(stream_value(stream).get_data() or b"") for stream in streams))
        return super().execute(streams)

    def do_m(self, x, y):
        self.device.spend_operation()
        return super().do_m(x, y)

    def do_l(self, x, y):
        self.device.spend_operation()
        return super().do_l(x, y)

    def do_c(self, x1, y1, x2, y2, x3, y3):
        self.device.spend_operation()
        return super().do_c(x1, y1, x2, y2, x3, y3)

    def do_v(self, x2, y2, x3, y3):
        self.device.spend_operation()
        return super().do_v(x2, y2, x3, y3)

    def do_y(self, x1, y1, x3, y3):
        self.device.spend_operation()
        return super().do_y(x1, y1, x3, y3)

    def do_re(self, x, y, w, h):
        self.device.spend_operation()
        return super().do_re(x, y, w, h)

    def do_Do(self, xobjid):  # noqa: N802 - pdfminer's operator name
        self.device.spend_operation()
        return super().do_Do(xobjid)


class BoundedPage(Page):
    budget: ContentBudget | None = None  # set by the reader to share one budget between pages

    @property
    def layout(self):
        if hasattr(self, "_layout"):
            return self._layout
        device = _BoundedDevice(self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams)
        device.budget = self.budget
        _BoundedInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        self._layout = device.get_result()
        return self._layout
