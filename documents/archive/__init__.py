"""归档: the 档号 sequence 收文 and 发文 share, and the 归档文件目录 listing both (page and CSV export)."""
