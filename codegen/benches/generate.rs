//! How long regenerating the checked-in crate takes, from reading files to formatted source
//! (what `cargo specgen generate` does before writing): every spec of the manifest, the three
//! OpenAPI specs alone, and the front-end stage of each spec.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use specgen::manifest::Manifest;

fn generate(c: &mut Criterion) {
    let manifest_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/specgen.toml");
    let manifest = Manifest::load(&manifest_path).expect("spec/specgen.toml");
    let mut openapi_only = manifest.clone();
    openapi_only
        .apis
        .retain(|api| !api.spec_display.ends_with(".xsd"));
    let mut group = c.benchmark_group("regenerate");
    group.bench_function("every spec of spec/specgen.toml", |b| {
        b.iter(|| specgen::project::generate(&manifest).expect("specs generate"))
    });
    group.bench_function("the three OpenAPI specs", |b| {
        b.iter(|| specgen::project::generate(&openapi_only).expect("specs generate"))
    });
    for api in &manifest.apis {
        group.bench_function(format!("lower {}", api.module), |b| {
            b.iter(|| specgen::lower(api).expect("spec lowers"))
        });
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
