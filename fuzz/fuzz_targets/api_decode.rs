//! Arbitrary bytes as API request and response bodies: `decode_valid` never panics, and a
//! body it accepts is one whose decoded value `validate()` accepts too. `decode_then_validate`
//! must not panic either. The first byte picks the type.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lsports::{livescore_customers as livescore, rms_bet, rms_customer_integration as rms};
use specgen_runtime::{decode_then_validate, decode_valid, Validate};

fn check<T: Validate + std::fmt::Debug>(data: &[u8]) {
    if let Ok(value) = decode_valid::<T>(data) {
        if let Err(violations) = value.validate() {
            panic!("decode_valid accepted {value:?}, validate() reports {violations:?}");
        }
    }
    let _ = decode_then_validate::<T>(data);
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, data)) = data.split_first() else {
        return;
    };
    match selector % 6 {
        0 => check::<rms_bet::PlaceBetRequestDto>(data),
        1 => check::<rms_bet::DefineBetRequestDto>(data),
        2 => check::<rms_bet::OddsUpdateDto>(data),
        3 => check::<rms::FixtureMetadataRequestDto>(data),
        4 => check::<rms::FixtureMetadataUpdateDto>(data),
        _ => check::<livescore::PackageCredentials>(data),
    }
});
