//! Generated at build time by `build.rs` into `OUT_DIR`, then included here.

mod rms_bet {
    include!(concat!(env!("OUT_DIR"), "/rms_bet.rs"));
}

mod livescore {
    include!(concat!(env!("OUT_DIR"), "/livescore.rs"));
}

use rms_bet::operations::post_cart_place_bet;

fn main() {
    // The odds-validation rejection documented in the vendor's prose (added by an overlay).
    let body = br#"{"result": false, "error_code": "update_odds", "reason": "Invalid odds",
        "data_to_update": [{"source": "1;2;3", "type": "prematch", "result": false, "reason": "changed_odd_value", "newOdd": {}}]}"#;
    match post_cart_place_bet::Response::from_json(400, body) {
        Ok(post_cart_place_bet::Response::BadRequest(
            post_cart_place_bet::BadRequest::ErrorResponseDto(error),
        )) => {
            for update in error.data_to_update.flatten().unwrap_or_default() {
                println!("{:?}: {:?}", update.source, update.reason);
            }
        }
        other => println!("unexpected: {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odds_rejection_decodes_into_the_overlaid_shape() {
        let body = br#"{"result": false, "error_code": "update_odds", "reason": "Invalid odds",
            "data_to_update": [{"source": "1;2;3", "reason": "time_over"}]}"#;
        let response = post_cart_place_bet::Response::from_json(400, body).unwrap();
        let post_cart_place_bet::Response::BadRequest(
            post_cart_place_bet::BadRequest::ErrorResponseDto(error),
        ) = response
        else {
            panic!("decoded as {response:?}");
        };
        let updates = error.data_to_update.flatten().unwrap();
        assert_eq!(
            updates[0].reason,
            Some(rms_bet::OddsUpdateDtoReason::TimeOver)
        );
    }

    #[test]
    fn livescore_module_is_generated_too() {
        let request: livescore::PackageCredentials = specgen_runtime::from_json_slice(
            br#"{"packageId": 123, "username": "u", "password": "p"}"#,
        )
        .unwrap();
        assert_eq!(request.package_id, 123);
    }
}
