//! Every public type can cross threads (a shared protocol, decisions sent to workers).

use massage_rules::care::*;
use massage_rules::error::JsonError;
use massage_rules::intake::*;
use massage_rules::protocol::*;
use massage_rules::research::*;
use massage_rules::scheduling::*;
use massage_rules::screening::*;
use massage_rules::selection::*;
use massage_rules::vocabulary::*;
use massage_rules::*;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<Protocol>();
    assert_send_sync::<ProtocolStamp>();
    assert_send_sync::<Intake>();
    assert_send_sync::<Screening>();
    assert_send_sync::<Reason>();
    assert_send_sync::<Error>();
    assert_send_sync::<IntakeError>();
    assert_send_sync::<ProtocolError>();
    assert_send_sync::<TechniqueSet>();
    assert_send_sync::<RegionSet>();
    assert_send_sync::<SessionPlan>();
    assert_send_sync::<Screened<'static>>();
    assert_send_sync::<ValidProtocol<'static>>();
    assert_send_sync::<ValidIntake<'static>>();
    assert_send_sync::<Clearance<'static>>();
    assert_send_sync::<ClearanceError>();
    assert_send_sync::<CourseError>();
    assert_send_sync::<HeldBack>();
    assert_send_sync::<JsonError>();
    assert_send_sync::<Course>();
    assert_send_sync::<Schedule>();
    assert_send_sync::<CarePlan>();
    assert_send_sync::<ProtocolDiff>();
    assert_send_sync::<VariantFile>();
    assert_send_sync::<Comparison>();
}
