//! The README's server and client, against each other on loopback.

use lsports::livescore_customers::client::Client;
use lsports::livescore_customers::operations::{deactivate_package, get_package_status};
use lsports::livescore_customers::PackageCredentials;
use specgen_runtime::http::client::ClientConfig;

fn credentials(package_id: i64, username: &str) -> PackageCredentials {
    PackageCredentials {
        package_id,
        username: username.to_owned(),
        password: "password123".into(),
        additional_properties: Default::default(),
    }
}

#[tokio::test]
async fn the_client_calls_the_server() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(specgen_example_http::serve(listener));
    let client = Client::with_config(ClientConfig::new().base_url(base));

    let response = client
        .get_package_status(get_package_status::Request {
            body: credentials(123, "user@example.com"),
        })
        .await
        .unwrap();
    let get_package_status::Response::Ok(status) = response else {
        panic!("{response:?}");
    };
    assert_eq!(status.status.as_str(), "active");

    // The generated layer's validation, with the spec's message.
    let response = client
        .get_package_status(get_package_status::Request {
            body: credentials(123, ""),
        })
        .await
        .unwrap();
    let get_package_status::Response::BadRequest(error) = response else {
        panic!("{response:?}");
    };
    assert_eq!(error.error, "Username is required");

    // A handler error: the documented 500 body.
    let response = client
        .deactivate_package(deactivate_package::Request {
            body: credentials(123, "user@example.com"),
        })
        .await
        .unwrap();
    let deactivate_package::Response::InternalServerError(error) = response else {
        panic!("{response:?}");
    };
    assert!(!error.success);
}
