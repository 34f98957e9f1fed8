"""Office files the product writes: official documents (.docx) and spreadsheets (.xlsx).

Django-free, so that the pure-Python engines (the law-text engine) can use it too:

* :mod:`lvzhi.office.gongwen` — documents in the 党政机关公文格式 (GB/T 9704-2012), python-docx;
* :mod:`lvzhi.office.sheets` — .xlsx exports, openpyxl;
* :mod:`lvzhi.office.text` — the small text helpers both use (display width, Chinese numerals).

The submodules import python-docx and openpyxl; this package does not, so importing it costs
nothing. See ``docs/documents.md``.
"""
