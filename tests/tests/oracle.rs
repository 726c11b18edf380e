//! Differential testing of the generated validators against an independent one.
//!
//! For every component schema of every spec in `spec/` (after its overlays), of every feature
//! spec in `tests/specs/` and of `tests/oracle/constraints.yaml`, random valid instances and
//! single-constraint mutations of them are checked by the generated validation function
//! (`validation::SCHEMAS`) and by the `jsonschema` crate on a translation of the schema
//! (to Draft 4 for OpenAPI 3.0 documents, to Draft 2020-12 for OpenAPI 3.1 ones). The verdicts and the sets of failing JSON Pointers must be equal.
//!
//! Every instance that decodes into the schema's generated Rust type is also checked by the
//! typed validation (`typed_validation::SCHEMAS`: decode, validate the typed value,
//! re-encode). Its (pointer, keyword) violations must equal those of the JSON-value
//! validation of the re-encoded value, and its pointers the oracle's verdict on the instance
//! (on the re-encoded value where decoding changed it, e.g. `2` read into an `f64`).
//!
//! `ORACLE_CASES` (cases per schema) and `ORACLE_SEED` change the run; `ORACLE_SCHEMA` keeps
//! only schemas whose name contains it. See `tests/oracle/README.md`.

#[path = "../oracle/generate.rs"]
mod generate;
#[path = "../oracle/translate.rs"]
mod translate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use serde_json::Value;
use specgen_runtime::validate::{DecodeValidateFn, ValidateFn, Validator};

use generate::Generator;
use translate::Translator;

#[allow(dead_code, clippy::all)]
mod constraints {
    specgen_macros::openapi!("oracle/constraints.yaml");
}

/// Cases per schema unless `ORACLE_CASES` says otherwise.
const DEFAULT_CASES: usize = 2000;
/// The seed unless `ORACLE_SEED` says otherwise.
const DEFAULT_SEED: u64 = 0x5eed_0a11;
/// Mutations per generated valid instance.
const MUTATIONS_PER_INSTANCE: usize = 3;
/// Disagreements shown in full when the test fails.
const SHOWN: usize = 15;

type Schemas = &'static [(&'static str, ValidateFn)];
type TypedSchemas = &'static [(&'static str, DecodeValidateFn)];

/// One spec with its generated validators.
struct Corpus {
    name: String,
    document: Value,
    schemas: Schemas,
    typed: TypedSchemas,
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn workspace_schemas(module: &str) -> Schemas {
    match module {
        "livescore_customers" => lsports::livescore_customers::validation::SCHEMAS,
        "rms_customer_integration" => lsports::rms_customer_integration::validation::SCHEMAS,
        "rms_bet" => lsports::rms_bet::validation::SCHEMAS,
        other => panic!("add the API `{other}` of spec/specgen.toml to tests/oracle.rs"),
    }
}

fn workspace_typed(module: &str) -> TypedSchemas {
    match module {
        "livescore_customers" => lsports::livescore_customers::typed_validation::SCHEMAS,
        "rms_customer_integration" => lsports::rms_customer_integration::typed_validation::SCHEMAS,
        "rms_bet" => lsports::rms_bet::typed_validation::SCHEMAS,
        other => panic!("add the API `{other}` of spec/specgen.toml to tests/oracle.rs"),
    }
}

fn feature_typed(name: &str) -> TypedSchemas {
    use specgen_tests::snapshots;
    match name {
        "composition" => snapshots::composition::typed_validation::SCHEMAS,
        "formats" => snapshots::formats::typed_validation::SCHEMAS,
        "http" => snapshots::http::typed_validation::SCHEMAS,
        "json_schema" => snapshots::json_schema::typed_validation::SCHEMAS,
        "maps" => snapshots::maps::typed_validation::SCHEMAS,
        "naming" => snapshots::naming::typed_validation::SCHEMAS,
        "openapi_31" => snapshots::openapi_31::typed_validation::SCHEMAS,
        "operations" => snapshots::operations::typed_validation::SCHEMAS,
        "real_world" => snapshots::real_world::typed_validation::SCHEMAS,
        "recursion" => snapshots::recursion::typed_validation::SCHEMAS,
        "unions" => snapshots::unions::typed_validation::SCHEMAS,
        other => panic!("add the feature spec `tests/specs/{other}.yaml` to tests/oracle.rs"),
    }
}

fn feature_schemas(name: &str) -> Schemas {
    use specgen_tests::snapshots;
    match name {
        "composition" => snapshots::composition::validation::SCHEMAS,
        "formats" => snapshots::formats::validation::SCHEMAS,
        "http" => snapshots::http::validation::SCHEMAS,
        "json_schema" => snapshots::json_schema::validation::SCHEMAS,
        "maps" => snapshots::maps::validation::SCHEMAS,
        "naming" => snapshots::naming::validation::SCHEMAS,
        "openapi_31" => snapshots::openapi_31::validation::SCHEMAS,
        "operations" => snapshots::operations::validation::SCHEMAS,
        "real_world" => snapshots::real_world::validation::SCHEMAS,
        "recursion" => snapshots::recursion::validation::SCHEMAS,
        "unions" => snapshots::unions::validation::SCHEMAS,
        other => panic!("add the feature spec `tests/specs/{other}.yaml` to tests/oracle.rs"),
    }
}

fn corpora() -> Vec<Corpus> {
    let mut corpora = Vec::new();
    let manifest_path = crate_dir().join("../spec/specgen.toml");
    let manifest = specgen::manifest::Manifest::load(&manifest_path)
        .unwrap_or_else(|error| panic!("spec/specgen.toml: {error}"));
    // JSON Schema is the oracle's language: the feed's XML Schemas are checked by xmllint
    // (tests/tests/feed.rs) instead.
    for api in manifest
        .apis
        .iter()
        .filter(|api| !api.spec_display.ends_with(".xsd"))
    {
        corpora.push(Corpus {
            name: api.spec_display.clone(),
            document: translate::overlaid_document(api),
            schemas: workspace_schemas(&api.module),
            typed: workspace_typed(&api.module),
        });
    }
    let mut features: Vec<PathBuf> = std::fs::read_dir(crate_dir().join("specs"))
        .expect("tests/specs")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    features.sort();
    for path in features {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 name");
        // A 3.1 document is translated to JSON Schema 2020-12 (`translate.rs`).
        let document = translate::load_document(&path);
        corpora.push(Corpus {
            name: format!("tests/specs/{name}.yaml"),
            document,
            schemas: feature_schemas(name),
            typed: feature_typed(name),
        });
    }
    corpora.push(Corpus {
        name: "tests/oracle/constraints.yaml".into(),
        document: translate::load_document(&crate_dir().join("oracle/constraints.yaml")),
        schemas: constraints::validation::SCHEMAS,
        typed: constraints::typed_validation::SCHEMAS,
    });
    corpora
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => {
            let text = text.trim();
            let parsed = match text.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => text.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("{name} must be a number, is `{text}`"))
        }
        Err(_) => default,
    }
}

/// FNV-1a: a seed per schema that does not depend on the order schemas run in.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What one validator says about one instance.
#[derive(Debug, PartialEq, Eq)]
struct Verdict {
    pointers: BTreeSet<String>,
    details: Vec<String>,
    /// Where jsonschema reports an `anyOf` / `oneOf` that no alternative satisfies.
    unions: BTreeSet<String>,
}

impl Verdict {
    /// Whether `self` (ours) locates the same violations as `theirs` (jsonschema's). The one
    /// latitude: a union of one schema and `null` (`anyOf: [X, {type: "null"}]`) is lowered
    /// as a nullable X, whose checks name the member at fault inside the value where
    /// jsonschema names the union; so a pointer of ours may lie within a union pointer of
    /// theirs, which must then be matched by at least one of ours. Valid and invalid must
    /// still agree exactly.
    fn agrees_with(&self, theirs: &Verdict) -> bool {
        if self.pointers == theirs.pointers {
            return true;
        }
        if self.pointers.is_empty() || theirs.pointers.is_empty() {
            return false;
        }
        let within = |ours: &str, union: &str| {
            ours == union
                || ours
                    .strip_prefix(union)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        self.pointers.iter().all(|ours| {
            theirs.pointers.contains(ours) || theirs.unions.iter().any(|union| within(ours, union))
        }) && theirs.pointers.iter().all(|their| {
            self.pointers.contains(their)
                || (theirs.unions.contains(their)
                    && self.pointers.iter().any(|ours| within(ours, their)))
        })
    }
}

fn ours(check: ValidateFn, instance: &Value) -> Verdict {
    let mut validator = Validator::new();
    check(instance, &mut validator);
    Verdict {
        pointers: validator
            .violations()
            .iter()
            .map(|v| v.pointer.clone())
            .collect(),
        details: validator
            .violations()
            .iter()
            .map(|v| v.to_string())
            .collect(),
        unions: BTreeSet::new(),
    }
}

fn theirs(oracle: &jsonschema::Validator, instance: &Value) -> Verdict {
    let errors: Vec<_> = oracle.iter_errors(instance).collect();
    assert_eq!(
        errors.is_empty(),
        oracle.is_valid(instance),
        "jsonschema's is_valid and iter_errors disagree on {instance}"
    );
    Verdict {
        pointers: errors
            .iter()
            .map(|e| e.instance_path().as_str().to_owned())
            .collect(),
        details: errors
            .iter()
            .map(|e| format!("{}: {e}", e.instance_path().as_str()))
            .collect(),
        unions: errors
            .iter()
            .filter(|e| matches!(e.kind().keyword(), "anyOf" | "oneOf"))
            .map(|e| e.instance_path().as_str().to_owned())
            .collect(),
    }
}

/// Counts for one schema.
#[derive(Default)]
struct Tally {
    /// Mutations by kind (what was broken), for the coverage summary.
    kinds: BTreeMap<String, usize>,
    cases: usize,
    generated: usize,
    generated_valid: usize,
    mutations: usize,
    mutations_invalid: usize,
    /// Instances that decode into the generated type (and were checked typed).
    decoded: usize,
    /// Of those, instances whose re-encoding equals them.
    decoded_faithfully: usize,
    /// Of the decoded instances, those the typed validation found invalid.
    decoded_invalid: usize,
}

struct Disagreement {
    schema: String,
    case: String,
    instance: Value,
    ours: Verdict,
    theirs: Verdict,
}

fn shorten(text: String, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text;
    }
    let mut cut: String = text.chars().take(limit).collect();
    cut.push_str(" …");
    cut
}

/// (pointer, keyword) of every violation a validator recorded.
fn located(validator: &Validator) -> BTreeSet<(String, &'static str)> {
    validator
        .violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.keyword))
        .collect()
}

/// The typed validation of `instance`, when it decodes: `None` when it agrees with the
/// JSON-value validation of the re-encoded value and with the oracle, else what differs.
fn typed_disagreement(
    check: ValidateFn,
    typed: DecodeValidateFn,
    oracle: &jsonschema::Validator,
    instance: &Value,
    theirs_on_instance: &Verdict,
    tally: &mut Tally,
) -> Option<(String, Verdict, Verdict)> {
    let mut recording = Validator::new();
    let encoded = typed(instance, &mut recording).ok()?;
    tally.decoded += 1;
    tally.decoded_invalid += usize::from(!recording.is_valid());
    let faithful = encoded == *instance;
    tally.decoded_faithfully += usize::from(faithful);
    let typed_located = located(&recording);
    let mut json_walk = Validator::new();
    check(&encoded, &mut json_walk);
    let json_located = located(&json_walk);
    let oracle_verdict = if faithful {
        None
    } else {
        Some(theirs(oracle, &encoded))
    };
    let oracle_verdict = oracle_verdict.as_ref().unwrap_or(theirs_on_instance);
    let typed_pointers: BTreeSet<String> = typed_located.iter().map(|(p, _)| p.clone()).collect();
    let mut fast = Validator::fast();
    let _ = typed(instance, &mut fast);
    let fast_agrees = fast.is_valid() == typed_located.is_empty();
    let typed_verdict = Verdict {
        pointers: typed_pointers,
        details: recording
            .violations()
            .iter()
            .map(|v| v.to_string())
            .collect(),
        unions: BTreeSet::new(),
    };
    if typed_located == json_located && typed_verdict.agrees_with(oracle_verdict) && fast_agrees {
        return None;
    }
    let what = format!(
        "typed validation{}; JSON walk of the re-encoding {}: {:?}; typed fast says valid: {}",
        if faithful {
            ""
        } else {
            " (decoding changed the value; compared on its re-encoding)"
        },
        encoded,
        json_located,
        fast.is_valid()
    );
    let oracle_copy = Verdict {
        pointers: oracle_verdict.pointers.clone(),
        details: oracle_verdict.details.clone(),
        unions: oracle_verdict.unions.clone(),
    };
    Some((what, typed_verdict, oracle_copy))
}

fn run_schema(
    corpus: &Corpus,
    pointer: &str,
    check: ValidateFn,
    typed: DecodeValidateFn,
    cases: usize,
    seed: u64,
    disagreements: &Mutex<(usize, Vec<Disagreement>)>,
) -> Tally {
    let schema_name = format!("{}#{pointer}", corpus.name);
    let root = Translator::new(&corpus.document).root(pointer);
    let oracle = translate::compile(&root);
    let entry = root["allOf"][0].clone();
    let mut generator = Generator::new(&root, seed ^ fnv(&schema_name));
    let mut tally = Tally::default();
    let compare = |instance: &Value, case: &str, tally: &mut Tally| {
        tally.cases += 1;
        let ours = ours(check, instance);
        let theirs = theirs(&oracle, instance);
        let valid = theirs.pointers.is_empty();
        if case == "valid" {
            tally.generated += 1;
            tally.generated_valid += usize::from(valid);
        } else {
            tally.mutations += 1;
            tally.mutations_invalid += usize::from(!valid);
            let kind = case.split(" at ").next().unwrap_or(case);
            let kind = kind.split('`').next().unwrap_or(kind).trim();
            *tally.kinds.entry(kind.to_owned()).or_default() += 1;
        }
        // The boolean-only walk must give the recording walk's verdict.
        let mut fast = Validator::fast();
        check(instance, &mut fast);
        let fast_agrees = fast.is_valid() == ours.pointers.is_empty();
        if let Some((what, typed_verdict, oracle_verdict)) =
            typed_disagreement(check, typed, &oracle, instance, &theirs, tally)
        {
            let mut found = disagreements.lock().expect("not poisoned");
            found.0 += 1;
            if found.1.len() < SHOWN {
                found.1.push(Disagreement {
                    schema: schema_name.clone(),
                    case: format!("{case}; {what}"),
                    instance: instance.clone(),
                    ours: typed_verdict,
                    theirs: oracle_verdict,
                });
            }
        }
        if !ours.agrees_with(&theirs) || !fast_agrees {
            let case = if fast_agrees {
                case.to_owned()
            } else {
                format!("{case}; Validator::fast says valid: {}", fast.is_valid())
            };
            let mut found = disagreements.lock().expect("not poisoned");
            found.0 += 1;
            if found.1.len() < SHOWN {
                found.1.push(Disagreement {
                    schema: schema_name.clone(),
                    case,
                    instance: instance.clone(),
                    ours,
                    theirs,
                });
            }
        }
    };
    let mut failures = 0;
    while tally.cases < cases {
        let Some((instance, sites)) = generator.valid(&entry) else {
            failures += 1;
            assert!(failures < 100, "{schema_name}: cannot generate instances");
            continue;
        };
        compare(&instance, "valid", &mut tally);
        for _ in 0..MUTATIONS_PER_INSTANCE {
            if tally.cases >= cases {
                break;
            }
            if let Some((mutated, what)) = generator.mutate(&instance, &sites) {
                compare(&mutated, &what, &mut tally);
            }
        }
        // Schemas with nothing to mutate still end.
        if tally.generated > cases {
            break;
        }
    }
    tally
}

#[test]
fn generated_validators_agree_with_jsonschema() {
    let cases = env_number("ORACLE_CASES", DEFAULT_CASES as u64) as usize;
    let seed = env_number("ORACLE_SEED", DEFAULT_SEED);
    let filter = std::env::var("ORACLE_SCHEMA").unwrap_or_default();
    let started = Instant::now();
    let corpora = corpora();
    let mut tasks = Vec::new();
    for corpus in &corpora {
        for (pointer, check) in corpus.schemas {
            assert!(
                corpus.document.pointer(pointer).is_some(),
                "{}: SCHEMAS names {pointer}, which the document does not have",
                corpus.name
            );
            if format!("{}#{pointer}", corpus.name).contains(&filter) {
                let typed = corpus
                    .typed
                    .iter()
                    .find(|(p, _)| p == pointer)
                    .map(|(_, typed)| *typed)
                    .unwrap_or_else(|| {
                        panic!("{}: no typed validation for {pointer}", corpus.name)
                    });
                tasks.push((corpus, *pointer, *check, typed));
            }
        }
    }
    let disagreements = Mutex::new((0usize, Vec::new()));
    let next = Mutex::new(0usize);
    let results = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            // Deep recursive schemas recurse deeply in both validators (debug builds).
            let worker = std::thread::Builder::new().stack_size(64 << 20);
            let spawned = worker.spawn_scoped(scope, || loop {
                let index = {
                    let mut next = next.lock().expect("not poisoned");
                    *next += 1;
                    *next - 1
                };
                let Some((corpus, pointer, check, typed)) = tasks.get(index) else {
                    break;
                };
                let tally =
                    run_schema(corpus, pointer, *check, *typed, cases, seed, &disagreements);
                results.lock().expect("not poisoned").push((
                    index,
                    format!("{}#{pointer}", corpus.name),
                    tally,
                ));
            });
            spawned.expect("worker thread");
        }
    });
    let mut results = results.into_inner().expect("not poisoned");
    results.sort_by_key(|(index, _, _)| *index);
    let mut total = 0;
    let (mut decoded, mut faithfully, mut decoded_invalid) = (0, 0, 0);
    println!("cases per schema (seed {seed:#x}):");
    for (_, name, tally) in &results {
        total += tally.cases;
        decoded += tally.decoded;
        faithfully += tally.decoded_faithfully;
        decoded_invalid += tally.decoded_invalid;
        println!(
            "  {:>6} cases  {:>5}/{:<5} generated valid  {:>5}/{:<5} mutations invalid  {:>5} decoded ({:>5} unchanged, {:>5} typed-invalid)  {name}",
            tally.cases,
            tally.generated_valid,
            tally.generated,
            tally.mutations_invalid,
            tally.mutations,
            tally.decoded,
            tally.decoded_faithfully,
            tally.decoded_invalid,
        );
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, tally) in &results {
        for (kind, count) in &tally.kinds {
            *kinds.entry(kind).or_default() += count;
        }
    }
    println!("mutations by kind:");
    for (kind, count) in &kinds {
        println!("  {count:>8}  {kind}");
    }
    println!(
        "{total} cases over {} schemas in {:.1?}; {decoded} decoded into the typed model \
         ({faithfully} re-encode unchanged, {decoded_invalid} typed-invalid) and checked typed",
        results.len(),
        started.elapsed()
    );
    let (count, shown) = disagreements.into_inner().expect("not poisoned");
    if count > 0 {
        let mut report = format!("{count} disagreements; the first {}:\n", shown.len());
        for d in &shown {
            report.push_str(&format!(
                "\n{} ({})\n  instance: {}\n  generated: {}\n  jsonschema: {}\n",
                d.schema,
                d.case,
                shorten(d.instance.to_string(), 1500),
                verdict_text(&d.ours),
                verdict_text(&d.theirs),
            ));
        }
        panic!("{report}");
    }
    assert!(total > 0, "no case ran (ORACLE_SCHEMA matches nothing?)");
    assert!(
        decoded > 0,
        "no instance decoded: the typed validation went unchecked"
    );
    assert!(
        decoded_invalid > 0,
        "no decoded instance was invalid: the typed checks went unexercised"
    );
}

fn verdict_text(verdict: &Verdict) -> String {
    if verdict.details.is_empty() {
        "valid".into()
    } else {
        format!("invalid: {}", verdict.details.join(" | "))
    }
}

fn function(schemas: Schemas, pointer: &str) -> ValidateFn {
    schemas
        .iter()
        .find(|(p, _)| *p == pointer)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("no validation function for {pointer}"))
}

/// The differences the differential test leaves out (README, "Known differences"), each
/// shown on concrete instances. When one stops holding, drop its exclusion from the oracle.
#[test]
fn known_differences_still_hold() {
    use specgen_runtime::validate::{Format, Pattern, StringRules};

    let ours_accept = |check: &dyn Fn(&mut Validator)| {
        let mut validator = Validator::new();
        check(&mut validator);
        validator.is_valid()
    };
    let jsonschema_accepts =
        |schema: Value, instance: &Value| translate::compile(&schema).is_valid(instance);

    // Former gap 1 is closed: the validation function of a nullable component accepts a
    // top-level `null`, as jsonschema does.
    let formats = translate::load_document(&crate_dir().join("specs/formats.yaml"));
    for pointer in ["/components/schemas/Grade", "/components/schemas/Remark"] {
        let schema = Translator::faithful(&formats).root(pointer);
        assert!(
            jsonschema_accepts(schema, &Value::Null),
            "{pointer} admits null"
        );
        let check = function(feature_schemas("formats"), pointer);
        assert!(
            ours(check, &Value::Null).pointers.is_empty(),
            "{pointer} admits null"
        );
    }

    // Former gap 2 (`minProperties` / `maxProperties` of an object without `properties`) is
    // closed: the oracle compares those keywords everywhere now.

    // Former difference 3 is closed: a `date-time` may have any number of fraction digits
    // (`DateTime` keeps those beyond nanoseconds), for both validators; the generator makes
    // up to 30.
    let date_time = StringRules {
        format: Some(Format::DateTime),
        ..StringRules::NONE
    };
    for long_fraction in [
        "2023-08-03T07:54:42.1234567891Z",
        "1985-04-12T00:59:59.999999999999999Z",
    ] {
        assert!(ours_accept(&|v| v.string_rules(long_fraction, &date_time)));
        assert!(jsonschema_accepts(
            serde_json::json!({"type": "string", "format": "date-time"}),
            &serde_json::json!(long_fraction)
        ));
    }

    // Former difference 4 is closed for validation: a whole number beyond the 64-bit range
    // (which both sides only see as an f64) is an integer for both, as a literal of that
    // many digits is in JSON Schema. It does not decode into an `i64` / `u64` model.
    for literal in [
        "18446744073709551616",
        "1e300",
        "-9223372036854775809",
        "1.2345e52",
    ] {
        let value: Value = serde_json::from_str(literal).unwrap();
        assert!(ours_accept(&|v| {
            v.integer(&value, false);
        }));
        assert!(serde_json::from_value::<i64>(value.clone()).is_err());
        assert!(jsonschema_accepts(
            serde_json::json!({"type": "integer"}),
            &value
        ));
    }

    // Difference 5 (jsonschema departs from ECMA 262): `\b` is ASCII-only in ECMA 262, so
    // "écat" has a word boundary before `c`; `.` matches no line terminator, so not `\r`.
    static CAT: Pattern = Pattern::new(r"\bcat\b");
    static LINE: Pattern = Pattern::new("^.+$");
    let rules = |pattern: &'static Pattern| StringRules {
        pattern: Some(pattern),
        ..StringRules::NONE
    };
    for text in ["écat", "cat日"] {
        assert!(
            ours_accept(&|v| v.string_rules(text, &rules(&CAT))),
            "{text}"
        );
        assert!(!jsonschema_accepts(
            serde_json::json!({"pattern": r"\bcat\b"}),
            &serde_json::json!(text)
        ));
    }
    for text in ["a\rb", "a\u{2028}b"] {
        assert!(
            !ours_accept(&|v| v.string_rules(text, &rules(&LINE))),
            "{text:?}"
        );
        assert!(jsonschema_accepts(
            serde_json::json!({"pattern": "^.+$"}),
            &serde_json::json!(text)
        ));
    }

    // The `decimal` string format: the pattern the exported effective document states for
    // it (so that schemathesis and other tools generate what the server accepts) and the
    // oracle's own translation agree with the generated check, on both sides of each edge.
    let manifest = specgen::manifest::Manifest::load(&crate_dir().join("../spec/specgen.toml"))
        .expect("manifest loads");
    let source = manifest
        .apis
        .iter()
        .find(|s| s.module == "rms_customer_integration")
        .unwrap();
    let exported = specgen::effective_document(source).unwrap();
    let price = exported["components"]["schemas"]["BetDto"]["properties"]["Price"].clone();
    assert_eq!(price["format"], "decimal", "{price}");
    let decimal = StringRules {
        format: Some(Format::Decimal),
        ..StringRules::NONE
    };
    let twenty_eight = "9".repeat(28);
    let cases = [
        ("1.85", true),
        ("-0", true),
        ("007.50", true),
        (twenty_eight.as_str(), true),
        (&format!("{twenty_eight}9"), false),
        (&format!("0.{}", "1".repeat(27)), true),
        (&format!("0.{}", "1".repeat(28)), false),
        (&format!("-{}.{}", "1".repeat(14), "2".repeat(14)), true),
        ("", false),
        ("1.", false),
        (".5", false),
        ("+1", false),
        ("1e5", false),
        ("1_000", false),
        ("1.5\n", false),
    ];
    for (text, valid) in cases {
        assert_eq!(
            ours_accept(&|v| v.string_rules(text, &decimal)),
            valid,
            "{text:?}"
        );
        assert_eq!(
            jsonschema_accepts(price.clone(), &serde_json::json!(text)),
            valid,
            "exported {text:?}"
        );
        assert_eq!(
            jsonschema_accepts(
                serde_json::json!({"type": "string", "pattern": translate::DECIMAL_STRING}),
                &serde_json::json!(text)
            ),
            valid,
            "oracle {text:?}"
        );
    }

    // Difference 8 (by design): in an OpenAPI 3.1 document too, an integer is written
    // without a fraction for specgen (the `i64` model cannot decode `2.0` unchanged), while
    // JSON Schema 2020-12 calls every whole number an integer.
    let openapi_31 = translate::load_document(&crate_dir().join("specs/openapi_31.yaml"));
    let pair = Translator::faithful(&openapi_31).root("/components/schemas/Pair");
    assert_eq!(pair["$schema"], translate::DRAFT_2020_12);
    let whole_float = serde_json::json!(["a", 2.0]);
    assert!(jsonschema_accepts(pair, &whole_float));
    let check = function(feature_schemas("openapi_31"), "/components/schemas/Pair");
    assert_eq!(
        ours(check, &whole_float).pointers,
        BTreeSet::from(["/1".to_owned()])
    );

    // Difference 6 (jsonschema bug): its digit test lets a sign through, so `+023-08-03` is
    // a date (and a date-time's date) there; RFC 3339's `date-fullyear` is four digits.
    let date = StringRules {
        format: Some(Format::Date),
        ..StringRules::NONE
    };
    assert!(!ours_accept(&|v| v.string_rules("+023-08-03", &date)));
    assert!(!ours_accept(
        &|v| v.string_rules("+023-08-03T07:54:42Z", &date_time)
    ));
    for (format, text) in [
        ("date", "+023-08-03"),
        ("date-time", "+023-08-03T07:54:42Z"),
    ] {
        assert!(jsonschema_accepts(
            serde_json::json!({"type": "string", "format": format}),
            &serde_json::json!(text)
        ));
    }
}
