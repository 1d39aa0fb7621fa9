"""Writes of 流转, 有偿使用 and 自愿有偿退出 (modules 5–7), one module each; see their docstrings."""

from zhenxing.homestead.services_use.exits import advance_exit, edit_exit, file_exit, roles_over
from zhenxing.homestead.services_use.fees import issue_bills, record_payment, reduce_bill
from zhenxing.homestead.services_use.transfers import create_transfer, terminate_transfer, update_transfer

__all__ = [
    "advance_exit",
    "create_transfer",
    "edit_exit",
    "file_exit",
    "issue_bills",
    "record_payment",
    "reduce_bill",
    "roles_over",
    "terminate_transfer",
    "update_transfer",
]
