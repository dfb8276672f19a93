//! Batches off the main thread: a napi async task screens every intake on libuv's thread
//! pool, so a server's event loop keeps answering while a batch is decided.

use std::sync::Arc;

use massage_rules as mr;
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;

use crate::Protocol;

/// What a batch gives back: for each intake, in order, whether it was screened, and the
/// screening (JSON) or the error document (JSON) that kept it from being screened.
#[napi(object)]
pub struct ManyAnswers {
    /// Whether each intake was screened.
    pub ok: Vec<bool>,
    /// The screening of each intake, or its error document.
    pub json: Vec<String>,
}

/// The work of `screenManyJson`.
pub struct ScreenMany {
    protocol: Arc<mr::Protocol>,
    intakes: Vec<String>,
}

impl Task for ScreenMany {
    type Output = ManyAnswers;
    type JsValue = ManyAnswers;

    fn compute(&mut self) -> napi::Result<ManyAnswers> {
        let mut answers = ManyAnswers {
            ok: Vec::with_capacity(self.intakes.len()),
            json: Vec::with_capacity(self.intakes.len()),
        };
        for intake in &self.intakes {
            match mr::screen_json(&self.protocol, intake) {
                Ok(json) => {
                    answers.ok.push(true);
                    answers.json.push(json);
                }
                Err(e) => {
                    answers.ok.push(false);
                    answers
                        .json
                        .push(serde_json::to_string(&e.document()).unwrap_or_default());
                }
            }
        }
        Ok(answers)
    }

    fn resolve(&mut self, _: Env, output: ManyAnswers) -> napi::Result<ManyAnswers> {
        Ok(output)
    }
}

/// Screens every intake (JSON texts) off the main thread; the promise resolves with
/// each intake's screening or error document, in order.
#[napi]
pub fn screen_many_json(intakes: Vec<String>, protocol: &Protocol) -> AsyncTask<ScreenMany> {
    AsyncTask::new(ScreenMany {
        protocol: protocol.shared(),
        intakes,
    })
}
