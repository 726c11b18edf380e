//! `specgen-mock-server --api rms-bet --port 8080`: serves one of the LSports APIs from its
//! generated mock (`lsports::<api>::mock`), printing the address, until killed.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use specgen_runtime::http::axum;

/// The APIs a mock can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Api {
    /// LSports Livescore Customers (`spec/livescore-customers.yaml`).
    Livescore,
    /// RMS Customer Integration (`spec/rms-customer-integration.json`).
    RmsCustomerIntegration,
    /// RMS Bet (`spec/rms-bet.json`).
    RmsBet,
}

/// Serves a mock of one LSports API: every operation answers with a documented response
/// (the spec's examples, or values derived from its schemas), chosen with a
/// `Prefer: code=<status>, example=<name>` header. Any bearer token or API key is accepted
/// unless `--credential` names the only one. The effective OpenAPI document is served at
/// `GET /openapi.json`.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// The API to serve.
    #[arg(long, value_enum)]
    api: Api,
    /// The port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Accept only this bearer token (or API key, or basic password); others are 401.
    #[arg(long)]
    credential: Option<String>,
}

fn router(api: Api, credential: Option<String>) -> axum::Router {
    use specgen_runtime::http::mock;
    let config = credential.map_or_else(mock::config, mock::config_accepting);
    match api {
        Api::Livescore => lsports::livescore_customers::mock::router_with(config),
        Api::RmsCustomerIntegration => lsports::rms_customer_integration::mock::router_with(config),
        Api::RmsBet => lsports::rms_bet::mock::router_with(config),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let listener = match tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.port)).await
    {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "error: cannot listen on {}:{}: {error}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().map_or_else(
        |_| format!("{}:{}", args.host, args.port),
        |a| a.to_string(),
    );
    // One line on standard output, so scripts can read the address of `--port 0`.
    println!(
        "specgen-mock-server: {:?} listening on http://{address}",
        args.api
    );
    match axum::serve(listener, router(args.api, args.credential)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
