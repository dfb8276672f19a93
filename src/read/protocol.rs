//! Protocols from JSON text, bounded and validated.

use crate::protocol::{Problems, Protocol, ProtocolError};

impl Protocol {
    /// Reads a protocol from JSON and validates it.
    ///
    /// ```
    /// use massage_rules::Protocol;
    /// let json = serde_json::to_string(&Protocol::seed())?;
    /// assert_eq!(Protocol::from_json(&json)?, Protocol::seed());
    /// assert!(Protocol::from_json(r#"{"id": "x"}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Protocol, crate::Error> {
        if json.len() > crate::Limits::PROTOCOL_BYTES {
            let mut p = Problems::default();
            p.push(
                "$",
                format!(
                    "the protocol's JSON has {} bytes; at most {limit_protocol_bytes} are read",
                    json.len(),
                    limit_protocol_bytes = crate::Limits::PROTOCOL_BYTES
                ),
            );
            return Err(ProtocolError { problems: p.0 }.into());
        }
        let protocol: Protocol = serde_json::from_str(json).map_err(crate::Error::json)?;
        protocol.validate()?;
        Ok(protocol)
    }
}
