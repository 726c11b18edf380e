//! `cargo run -p specgen-example-http --bin call-livescore -- http://127.0.0.1:8080`
use lsports::livescore_customers::client::Client;
use lsports::livescore_customers::operations::get_package_status::{Request, Response};
use lsports::livescore_customers::PackageCredentials;
use specgen_runtime::http::client::ClientConfig;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Default: the spec's server, https://engage-api.lsports.eu/api/livescore.
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| Client::DEFAULT_BASE_URL.to_owned());
    let client = Client::with_config(ClientConfig::new().base_url(base));
    let request = Request {
        body: PackageCredentials {
            package_id: 123,
            username: "user@example.com".into(),
            password: "password123".into(),
            additional_properties: Default::default(),
        },
    };
    match client.get_package_status(request).await? {
        Response::Ok(status) => println!("package {} is {}", status.package_id, status.status),
        Response::BadRequest(error) => println!("refused: {}", error.error),
        Response::InternalServerError(error) => println!("server error: {:?}", error.message),
        Response::Undocumented { status, body } => println!("{status}: {body}"),
    }
    Ok(())
}
