//! `cargo run -p specgen-example-http --bin serve-livescore -- 8080`
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::args().nth(1).unwrap_or_else(|| "8080".into());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!(
        "serving the Livescore Customers API on http://{}",
        listener.local_addr()?
    );
    specgen_example_http::serve(listener).await
}
