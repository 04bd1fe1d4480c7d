"""What 收文 and 发文 share and nothing outside 办文 needs: the transition table type, the step engine, the
step-posting view, the step forms, the org look-ups 办文 uses and the demo helper.

Generic list machinery (desks, boxes, FilterSets, pagination) is in :mod:`office.lists`; the workflow core
proper is to move to ``office`` (issue 10, point 1), leaving here only what is document-shaped.
"""
