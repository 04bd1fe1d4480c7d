"""发文: workflow, permissions, services, 印发 (issue), the compliance check, the files in the GB/T 9704 layout
(sheets, files), selectors, filters, forms, views, urls and demo."""
