"""附件 of 收文 and 发文: content checks (checks), where files lie (storage), add/remove (services), downloads (views)."""
