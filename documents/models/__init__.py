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
from documents.models.outgoing import (
    OutgoingCountersign,
    OutgoingDocument,
    OutgoingFile,
    OutgoingRecipient,
    OutgoingStep,
    OutgoingVersion,
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
    "OutgoingCountersign",
    "OutgoingDocument",
    "OutgoingFile",
    "OutgoingRecipient",
    "OutgoingStep",
    "OutgoingVersion",
]
