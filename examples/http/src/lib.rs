//! Serving the Livescore Customers API with your own implementation of the generated
//! `server::Api`, and calling it (or any LSports API) with the generated client. The
//! binaries `serve-livescore` and `call-livescore` run each side; the test runs both.

use lsports::livescore_customers::operations::{
    activate_package, deactivate_package, get_package_status, trigger_snapshot,
};
use lsports::livescore_customers::server::Api;
use lsports::livescore_customers::{
    PackageActionResponse, PackageCredentials, PackageStatusResponse, PackageStatusResponseStatus,
    ValidationError,
};
use specgen_runtime::http::server::{HandlerError, RequestContext};

/// A package store that knows one package: id 123, `user@example.com` / `password123`.
pub struct Packages;

fn known(credentials: &PackageCredentials) -> bool {
    credentials.package_id == 123
        && credentials.username == "user@example.com"
        && credentials.password == "password123"
}

fn action(credentials: PackageCredentials, message: &str) -> PackageActionResponse {
    PackageActionResponse {
        success: true,
        message: message.to_owned(),
        package_id: credentials.package_id,
        username: credentials.username,
        additional_properties: Default::default(),
    }
}

fn invalid_credentials() -> ValidationError {
    ValidationError {
        error: "Invalid package credentials".to_owned(),
        additional_properties: Default::default(),
    }
}

// The generated layer has already checked the body against the spec (a missing username is
// a 400 "Username is required" before this is called); what is left is the service's job.
impl Api for Packages {
    async fn trigger_snapshot(
        &self,
        request: trigger_snapshot::Request,
        _context: RequestContext,
    ) -> Result<trigger_snapshot::Response, HandlerError> {
        Ok(match known(&request.body) {
            true => trigger_snapshot::Response::Ok(action(
                request.body,
                "Livescore snapshot request sent successfully",
            )),
            false => trigger_snapshot::Response::BadRequest(invalid_credentials()),
        })
    }

    async fn activate_package(
        &self,
        request: activate_package::Request,
        _context: RequestContext,
    ) -> Result<activate_package::Response, HandlerError> {
        Ok(match known(&request.body) {
            true => activate_package::Response::Ok(action(
                request.body,
                "Package activation completed successfully",
            )),
            false => activate_package::Response::BadRequest(invalid_credentials()),
        })
    }

    async fn deactivate_package(
        &self,
        request: deactivate_package::Request,
        _context: RequestContext,
    ) -> Result<deactivate_package::Response, HandlerError> {
        if !known(&request.body) {
            return Ok(deactivate_package::Response::BadRequest(
                invalid_credentials(),
            ));
        }
        // Any error a handler returns becomes the documented 500 body (and is logged).
        Err(HandlerError::new(std::io::Error::other(
            "the database is read-only",
        )))
    }

    async fn get_package_status(
        &self,
        request: get_package_status::Request,
        _context: RequestContext,
    ) -> Result<get_package_status::Response, HandlerError> {
        if !known(&request.body) {
            return Ok(get_package_status::Response::BadRequest(
                invalid_credentials(),
            ));
        }
        Ok(get_package_status::Response::Ok(PackageStatusResponse {
            success: true,
            status: PackageStatusResponseStatus::Active,
            package_id: request.body.package_id,
            username: request.body.username,
            additional_properties: Default::default(),
        }))
    }
}

/// Serves [`Packages`] on `listener` until the task is dropped.
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let router = lsports::livescore_customers::server::router(Packages);
    specgen_runtime::http::axum::serve(listener, router).await
}
