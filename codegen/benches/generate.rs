//! How long regenerating the checked-in crate takes: all three specs with their overlays,
//! from reading files to formatted source (what `cargo specgen generate` does before writing).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use specgen::manifest::Manifest;

fn generate(c: &mut Criterion) {
    let manifest_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/specgen.toml");
    let manifest = Manifest::load(&manifest_path).expect("spec/specgen.toml");
    let mut group = c.benchmark_group("regenerate");
    group.bench_function("every spec of spec/specgen.toml", |b| {
        b.iter(|| specgen::project::generate(&manifest).expect("specs generate"))
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
