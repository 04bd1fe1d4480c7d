"""收文 and 传阅: workflow, permissions, services, selectors, filters, forms, views, urls, demo and the 收文处理笺 (slip)."""
