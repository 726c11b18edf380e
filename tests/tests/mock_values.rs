//! Mock values (`specgen::mock_values`): every value derived from a schema, and every value
//! a mock answers a documented response with, passes the generated validator of its type,
//! for the bundled specs and every feature spec.

use std::path::Path;

use specgen::ir::{Api, TypeExprKind};
use specgen::mock_values::{body_values, value_of, DERIVED};
use specgen::ApiSource;
use specgen_runtime::validate::{collect_violations, ValidateFn};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn feature_api(name: &str) -> Api {
    let source = ApiSource {
        module: name.to_owned(),
        spec: workspace().join(format!("tests/specs/{name}.yaml")),
        spec_display: format!("tests/specs/{name}.yaml"),
        ..Default::default()
    };
    specgen::lower(&source).expect("feature spec lowers").api
}

fn bundled_api(module: &str) -> Api {
    let manifest =
        specgen::manifest::Manifest::load(&workspace().join("spec/specgen.toml")).unwrap();
    let source = manifest
        .apis
        .iter()
        .find(|s| s.module == module)
        .expect("bundled API");
    specgen::lower(source).expect("bundled spec lowers").api
}

/// Checks the derived value of every named schema, and every mock value of every
/// response body whose type is a named schema; returns how many values were checked.
fn check(api: &Api, schemas: &[(&str, ValidateFn)]) -> usize {
    let validator = |name: &str| {
        let def = api.type_def(name)?;
        schemas
            .iter()
            .find(|(pointer, _)| *pointer == def.source_name)
            .map(|(_, f)| *f)
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for def in &api.types {
        let Some(f) = validator(&def.name) else {
            continue;
        };
        let value = value_of(api, &specgen::ir::TypeExpr::named(&def.name));
        if let Err(violations) = collect_violations(f, &value) {
            failures.push(format!("{} derived {value}: {violations:?}", def.name));
        }
        checked += 1;
    }
    for op in &api.operations {
        for response in &op.responses {
            for body in &response.alternatives {
                let values = body_values(api, body);
                assert_eq!(
                    values.is_empty(),
                    body.ty.is_none() && body.examples.is_empty(),
                    "{} {}",
                    op.name.wire,
                    body.key
                );
                let Some(TypeExprKind::Named(name)) = body.ty.as_ref().map(|t| &t.kind) else {
                    continue;
                };
                let Some(f) = validator(name) else { continue };
                for (example, value) in values {
                    if let Err(violations) = collect_violations(f, &value) {
                        failures.push(format!(
                            "{} {} example `{example}` {value}: {violations:?}",
                            op.name.wire, body.key
                        ));
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    checked
}

#[test]
fn derived_and_example_values_of_the_bundled_specs_validate() {
    let checked = check(
        &bundled_api("livescore_customers"),
        lsports::livescore_customers::validation::SCHEMAS,
    ) + check(
        &bundled_api("rms_customer_integration"),
        lsports::rms_customer_integration::validation::SCHEMAS,
    ) + check(
        &bundled_api("rms_bet"),
        lsports::rms_bet::validation::SCHEMAS,
    );
    assert!(checked > 60, "{checked}");
}

#[test]
fn derived_values_of_the_feature_specs_validate() {
    use specgen_tests::snapshots as s;
    let specs: [(&str, &[(&str, ValidateFn)]); 11] = [
        ("composition", s::composition::validation::SCHEMAS),
        ("formats", s::formats::validation::SCHEMAS),
        ("http", s::http::validation::SCHEMAS),
        ("json_schema", s::json_schema::validation::SCHEMAS),
        ("maps", s::maps::validation::SCHEMAS),
        ("naming", s::naming::validation::SCHEMAS),
        ("openapi_31", s::openapi_31::validation::SCHEMAS),
        ("operations", s::operations::validation::SCHEMAS),
        ("real_world", s::real_world::validation::SCHEMAS),
        ("recursion", s::recursion::validation::SCHEMAS),
        ("unions", s::unions::validation::SCHEMAS),
    ];
    for (name, schemas) in specs {
        assert!(check(&feature_api(name), schemas) > 0, "{name}");
    }
}

#[test]
fn examples_come_first_and_derived_values_stand_in() {
    let api = bundled_api("livescore_customers");
    let named: Vec<String> = api
        .operations
        .iter()
        .flat_map(|op| &op.responses)
        .flat_map(|r| &r.alternatives)
        .flat_map(|body| body_values(&api, body))
        .map(|(name, _)| name)
        .collect();
    assert!(named.iter().any(|n| n != DERIVED), "{named:?}");
    let api = bundled_api("rms_bet");
    let bodies: Vec<_> = api
        .operations
        .iter()
        .flat_map(|op| &op.responses)
        .flat_map(|r| &r.alternatives)
        .collect();
    for body in bodies {
        if body.examples.is_empty() && body.ty.is_some() {
            assert_eq!(body_values(&api, body)[0].0, DERIVED);
        }
    }
}
