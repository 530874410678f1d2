"""Contains all the data models used in inputs/outputs"""

from .acceptance_create import AcceptanceCreate
from .acceptance_create_kind import AcceptanceCreateKind
from .acceptance_create_property import AcceptanceCreateProperty
from .acceptance_read import AcceptanceRead
from .acknowledge_order_response_acknowledge_order_v1_orders_order_id_ack_post import (
    AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost,
)
from .activity_basis_read import ActivityBasisRead
from .activity_ping import ActivityPing
from .activity_ping_kind import ActivityPingKind
from .activity_ping_property import ActivityPingProperty
from .activity_read import ActivityRead
from .address_approval import AddressApproval
from .address_refusal import AddressRefusal
from .affected_filter import AffectedFilter
from .affected_filter_properties_item import AffectedFilterPropertiesItem
from .affected_read import AffectedRead
from .affected_read_filter import AffectedReadFilter
from .assessment import Assessment
from .assessment_read import AssessmentRead
from .assessment_risk import AssessmentRisk
from .assignment import Assignment
from .audit_entry_read import AuditEntryRead
from .audit_entry_read_details import AuditEntryReadDetails
from .authority_notification import AuthorityNotification
from .authority_notification_read import AuthorityNotificationRead
from .authority_read import AuthorityRead
from .bad_entry import BadEntry
from .batch_stored import BatchStored
from .breach_create import BreachCreate
from .breach_read import BreachRead
from .breach_update import BreachUpdate
from .chain_verdict import ChainVerdict
from .checkpoint_page import CheckpointPage
from .checkpoint_read import CheckpointRead
from .complaint_route import ComplaintRoute
from .consent_choices import ConsentChoices
from .consent_choices_property import ConsentChoicesProperty
from .consent_choices_purposes import ConsentChoicesPurposes
from .consent_event_read import ConsentEventRead
from .consent_event_read_changes import ConsentEventReadChanges
from .consent_event_read_details_type_0 import ConsentEventReadDetailsType0
from .consent_event_read_purposes import ConsentEventReadPurposes
from .consent_mode import ConsentMode
from .consent_mode_ad_personalization import ConsentModeAdPersonalization
from .consent_mode_ad_storage import ConsentModeAdStorage
from .consent_mode_ad_user_data import ConsentModeAdUserData
from .consent_mode_analytics_storage import ConsentModeAnalyticsStorage
from .consent_mode_functionality_storage import ConsentModeFunctionalityStorage
from .consent_mode_security_storage import ConsentModeSecurityStorage
from .consent_state_read import ConsentStateRead
from .consent_state_read_purposes import ConsentStateReadPurposes
from .cookie_policy_read import CookiePolicyRead
from .cookie_policy_read_properties import CookiePolicyReadProperties
from .cookie_purpose_read import CookiePurposeRead
from .cookie_read import CookieRead
from .cookie_read_party import CookieReadParty
from .dead_message import DeadMessage
from .dsar_create import DsarCreate
from .dsar_create_channel import DsarCreateChannel
from .dsar_create_details import DsarCreateDetails
from .dsar_create_lang import DsarCreateLang
from .dsar_create_property_type_0 import DsarCreatePropertyType0
from .dsar_create_type import DsarCreateType
from .dsar_detail import DsarDetail
from .dsar_detail_address_check_type_0 import DsarDetailAddressCheckType0
from .dsar_detail_address_decision_type_0 import DsarDetailAddressDecisionType0
from .dsar_detail_details import DsarDetailDetails
from .dsar_detail_result_type_0 import DsarDetailResultType0
from .dsar_event_read import DsarEventRead
from .dsar_event_read_details import DsarEventReadDetails
from .dsar_read import DsarRead
from .dsar_read_address_decision_type_0 import DsarReadAddressDecisionType0
from .dsar_read_details import DsarReadDetails
from .dsar_read_result_type_0 import DsarReadResultType0
from .dsar_rejection import DsarRejection
from .dsar_rejection_address_decision_type_0 import DsarRejectionAddressDecisionType0
from .dsar_rejection_details import DsarRejectionDetails
from .dsar_rejection_result_type_0 import DsarRejectionResultType0
from .dsar_stats import DsarStats
from .dsar_stats_open_by_type import DsarStatsOpenByType
from .erasure_result import ErasureResult
from .erasure_result_anonymised import ErasureResultAnonymised
from .erasure_result_erased import ErasureResultErased
from .erasure_result_retained_item import ErasureResultRetainedItem
from .erasure_result_stores_item import ErasureResultStoresItem
from .export_register_format import ExportRegisterFormat
from .export_register_lang import ExportRegisterLang
from .export_subject_lang_type_0 import ExportSubjectLangType0
from .get_policy_lang_type_0 import GetPolicyLangType0
from .get_register_version_response_get_register_version_v1_register_versions_version_get import (
    GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet,
)
from .gpc_support import GpcSupport
from .health import Health
from .lift_restriction_response_lift_restriction_v1_subjects_subject_id_restriction_delete import (
    LiftRestrictionResponseLiftRestrictionV1SubjectsSubjectIdRestrictionDelete,
)
from .list_breaches_status_type_0 import ListBreachesStatusType0
from .list_requests_channel_type_0 import ListRequestsChannelType0
from .list_requests_property_type_0 import ListRequestsPropertyType0
from .list_requests_status_type_0 import ListRequestsStatusType0
from .list_requests_type_type_0 import ListRequestsTypeType0
from .mail_preview import MailPreview
from .note_create import NoteCreate
from .note_read import NoteRead
from .notice_decision import NoticeDecision
from .notice_refusal import NoticeRefusal
from .notice_text import NoticeText
from .notifications_marked import NotificationsMarked
from .notifications_recorded import NotificationsRecorded
from .objection_create import ObjectionCreate
from .objection_decision import ObjectionDecision
from .objection_read import ObjectionRead
from .order_ack import OrderAck
from .order_ack_status import OrderAckStatus
from .page_activity_read import PageActivityRead
from .page_audit_entry_read import PageAuditEntryRead
from .page_breach_read import PageBreachRead
from .page_consent_event_read import PageConsentEventRead
from .page_dead_message import PageDeadMessage
from .page_dsar_read import PageDsarRead
from .page_policy_version_read import PagePolicyVersionRead
from .page_record_read import PageRecordRead
from .page_register_version_read import PageRegisterVersionRead
from .page_report_row import PageReportRow
from .page_run_read import PageRunRead
from .page_subject_read import PageSubjectRead
from .page_subprocessor_read import PageSubprocessorRead
from .page_system_read import PageSystemRead
from .pending_notification import PendingNotification
from .pending_notifications import PendingNotifications
from .permission_check import PermissionCheck
from .permission_read import PermissionRead
from .permission_read_reasons_item import PermissionReadReasonsItem
from .permissions_read import PermissionsRead
from .policy_document import PolicyDocument
from .policy_document_lang import PolicyDocumentLang
from .policy_version_create import PolicyVersionCreate
from .policy_version_read import PolicyVersionRead
from .preview_response_preview_v1_retention_preview_get import PreviewResponsePreviewV1RetentionPreviewGet
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .public_key_read import PublicKeyRead
from .reason_body import ReasonBody
from .record_batch import RecordBatch
from .record_in import RecordIn
from .record_in_data import RecordInData
from .record_in_property import RecordInProperty
from .record_patch import RecordPatch
from .record_patch_data import RecordPatchData
from .record_read import RecordRead
from .record_read_data_type_0 import RecordReadDataType0
from .register_version_read import RegisterVersionRead
from .report_row import ReportRow
from .restriction_create import RestrictionCreate
from .restriction_read import RestrictionRead
from .retention_read import RetentionRead
from .retry_queued import RetryQueued
from .run_read import RunRead
from .run_read_report import RunReadReport
from .run_request import RunRequest
from .secret_rotated import SecretRotated
from .subject_notice_read import SubjectNoticeRead
from .subject_notice_read_message import SubjectNoticeReadMessage
from .subject_notice_read_preview import SubjectNoticeReadPreview
from .subject_notice_read_status import SubjectNoticeReadStatus
from .subject_notice_report import SubjectNoticeReport
from .subject_notification import SubjectNotification
from .subject_notification_message import SubjectNotificationMessage
from .subject_patch import SubjectPatch
from .subject_patch_attributes_type_0 import SubjectPatchAttributesType0
from .subject_patch_status_type_0 import SubjectPatchStatusType0
from .subject_permission import SubjectPermission
from .subject_permission_reasons_item import SubjectPermissionReasonsItem
from .subject_read import SubjectRead
from .subject_read_attributes import SubjectReadAttributes
from .subject_upsert import SubjectUpsert
from .subject_upsert_attributes import SubjectUpsertAttributes
from .subject_upsert_status import SubjectUpsertStatus
from .subprocessor_read import SubprocessorRead
from .supervisory_authority_read import SupervisoryAuthorityRead
from .system_create import SystemCreate
from .system_create_events_item import SystemCreateEventsItem
from .system_create_property import SystemCreateProperty
from .system_created import SystemCreated
from .system_read import SystemRead
from .text import Text
from .unsubscribe_lang_type_0 import UnsubscribeLangType0
from .unsubscribe_link import UnsubscribeLink
from .unsubscribe_link_lang_type_0 import UnsubscribeLinkLangType0
from .unsubscribe_page_lang_type_0 import UnsubscribePageLangType0
from .unsubscribed import Unsubscribed
from .verification_code import VerificationCode
from .visitor_link import VisitorLink
from .who_am_i import WhoAmI

__all__ = (
    "AcceptanceCreate",
    "AcceptanceCreateKind",
    "AcceptanceCreateProperty",
    "AcceptanceRead",
    "AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost",
    "ActivityBasisRead",
    "ActivityPing",
    "ActivityPingKind",
    "ActivityPingProperty",
    "ActivityRead",
    "AddressApproval",
    "AddressRefusal",
    "AffectedFilter",
    "AffectedFilterPropertiesItem",
    "AffectedRead",
    "AffectedReadFilter",
    "Assessment",
    "AssessmentRead",
    "AssessmentRisk",
    "Assignment",
    "AuditEntryRead",
    "AuditEntryReadDetails",
    "AuthorityNotification",
    "AuthorityNotificationRead",
    "AuthorityRead",
    "BadEntry",
    "BatchStored",
    "BreachCreate",
    "BreachRead",
    "BreachUpdate",
    "ChainVerdict",
    "CheckpointPage",
    "CheckpointRead",
    "ComplaintRoute",
    "ConsentChoices",
    "ConsentChoicesProperty",
    "ConsentChoicesPurposes",
    "ConsentEventRead",
    "ConsentEventReadChanges",
    "ConsentEventReadDetailsType0",
    "ConsentEventReadPurposes",
    "ConsentMode",
    "ConsentModeAdPersonalization",
    "ConsentModeAdStorage",
    "ConsentModeAdUserData",
    "ConsentModeAnalyticsStorage",
    "ConsentModeFunctionalityStorage",
    "ConsentModeSecurityStorage",
    "ConsentStateRead",
    "ConsentStateReadPurposes",
    "CookiePolicyRead",
    "CookiePolicyReadProperties",
    "CookiePurposeRead",
    "CookieRead",
    "CookieReadParty",
    "DeadMessage",
    "DsarCreate",
    "DsarCreateChannel",
    "DsarCreateDetails",
    "DsarCreateLang",
    "DsarCreatePropertyType0",
    "DsarCreateType",
    "DsarDetail",
    "DsarDetailAddressCheckType0",
    "DsarDetailAddressDecisionType0",
    "DsarDetailDetails",
    "DsarDetailResultType0",
    "DsarEventRead",
    "DsarEventReadDetails",
    "DsarRead",
    "DsarReadAddressDecisionType0",
    "DsarReadDetails",
    "DsarReadResultType0",
    "DsarRejection",
    "DsarRejectionAddressDecisionType0",
    "DsarRejectionDetails",
    "DsarRejectionResultType0",
    "DsarStats",
    "DsarStatsOpenByType",
    "ErasureResult",
    "ErasureResultAnonymised",
    "ErasureResultErased",
    "ErasureResultRetainedItem",
    "ErasureResultStoresItem",
    "ExportRegisterFormat",
    "ExportRegisterLang",
    "ExportSubjectLangType0",
    "GetPolicyLangType0",
    "GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet",
    "GpcSupport",
    "Health",
    "LiftRestrictionResponseLiftRestrictionV1SubjectsSubjectIdRestrictionDelete",
    "ListBreachesStatusType0",
    "ListRequestsChannelType0",
    "ListRequestsPropertyType0",
    "ListRequestsStatusType0",
    "ListRequestsTypeType0",
    "MailPreview",
    "NoteCreate",
    "NoteRead",
    "NoticeDecision",
    "NoticeRefusal",
    "NoticeText",
    "NotificationsMarked",
    "NotificationsRecorded",
    "ObjectionCreate",
    "ObjectionDecision",
    "ObjectionRead",
    "OrderAck",
    "OrderAckStatus",
    "PageActivityRead",
    "PageAuditEntryRead",
    "PageBreachRead",
    "PageConsentEventRead",
    "PageDeadMessage",
    "PageDsarRead",
    "PagePolicyVersionRead",
    "PageRecordRead",
    "PageRegisterVersionRead",
    "PageReportRow",
    "PageRunRead",
    "PageSubjectRead",
    "PageSubprocessorRead",
    "PageSystemRead",
    "PendingNotification",
    "PendingNotifications",
    "PermissionCheck",
    "PermissionRead",
    "PermissionReadReasonsItem",
    "PermissionsRead",
    "PolicyDocument",
    "PolicyDocumentLang",
    "PolicyVersionCreate",
    "PolicyVersionRead",
    "PreviewResponsePreviewV1RetentionPreviewGet",
    "Problem",
    "ProblemErrorsItem",
    "PublicKeyRead",
    "ReasonBody",
    "RecordBatch",
    "RecordIn",
    "RecordInData",
    "RecordInProperty",
    "RecordPatch",
    "RecordPatchData",
    "RecordRead",
    "RecordReadDataType0",
    "RegisterVersionRead",
    "ReportRow",
    "RestrictionCreate",
    "RestrictionRead",
    "RetentionRead",
    "RetryQueued",
    "RunRead",
    "RunReadReport",
    "RunRequest",
    "SecretRotated",
    "SubjectNoticeRead",
    "SubjectNoticeReadMessage",
    "SubjectNoticeReadPreview",
    "SubjectNoticeReadStatus",
    "SubjectNoticeReport",
    "SubjectNotification",
    "SubjectNotificationMessage",
    "SubjectPatch",
    "SubjectPatchAttributesType0",
    "SubjectPatchStatusType0",
    "SubjectPermission",
    "SubjectPermissionReasonsItem",
    "SubjectRead",
    "SubjectReadAttributes",
    "SubjectUpsert",
    "SubjectUpsertAttributes",
    "SubjectUpsertStatus",
    "SubprocessorRead",
    "SupervisoryAuthorityRead",
    "SystemCreate",
    "SystemCreated",
    "SystemCreateEventsItem",
    "SystemCreateProperty",
    "SystemRead",
    "Text",
    "Unsubscribed",
    "UnsubscribeLangType0",
    "UnsubscribeLink",
    "UnsubscribeLinkLangType0",
    "UnsubscribePageLangType0",
    "VerificationCode",
    "VisitorLink",
    "WhoAmI",
)
