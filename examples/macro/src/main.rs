//! Models generated at compile time by `specgen_macros::openapi!`; editing the spec
//! recompiles this crate.

mod livescore {
    specgen_macros::openapi!("../../spec/livescore-customers.yaml");
}

use livescore::operations::get_package_status::Response;

fn main() {
    let body = br#"{"success": true, "status": "active", "packageId": 123, "username": "user@example.com"}"#;
    match Response::from_json(200, body) {
        Ok(Response::Ok(status)) => println!("package {} is {}", status.package_id, status.status),
        other => println!("unexpected: {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_response_decodes_and_keeps_unknown_values() {
        let Response::Ok(status) = Response::from_json(
            200,
            br#"{"success": true, "status": "suspended", "packageId": 1, "username": "u"}"#,
        )
        .unwrap() else {
            panic!("expected a 200 body");
        };
        assert_eq!(
            status.status,
            livescore::PackageStatusResponseStatus::Unknown("suspended".into())
        );
        assert_eq!(
            Response::Ok(status).to_json_value().unwrap()["status"],
            "suspended"
        );
    }
}
