from documents.models.attachments import Attachment
from documents.models.incoming import (
    Circulation,
    IncomingAssist,
    IncomingDocument,
    IncomingGroupObjectPermission,
    IncomingRouting,
    IncomingStep,
    IncomingUserObjectPermission,
)

__all__ = [
    "Attachment",
    "Circulation",
    "IncomingAssist",
    "IncomingDocument",
    "IncomingGroupObjectPermission",
    "IncomingRouting",
    "IncomingStep",
    "IncomingUserObjectPermission",
]
