//! Realistic messages shared by the benchmarks.

use specgen_runtime::serde_json::{json, Value};

/// A fixture metadata message (Header.Type 1) with `events` fixtures, as the feed sends them:
/// 7-digit fractions with `Z`, sports/locations/leagues with ids, two participants, extra data.
pub fn fixture_metadata(events: usize) -> Value {
    const SPORTS: &[(i64, &str)] = &[
        (6046, "Football"),
        (48242, "Basketball"),
        (54094, "Tennis"),
        (35232, "Ice Hockey"),
        (154830, "Volleyball"),
    ];
    const LOCATIONS: &[(i64, &str)] = &[
        (243, "England"),
        (142, "Spain"),
        (4, "Germany"),
        (251, "Italy"),
        (172, "United States"),
    ];
    const LEAGUES: &[(i64, &str)] = &[
        (67, "Premier League"),
        (8363, "LaLiga"),
        (65, "Bundesliga"),
        (4, "Serie A"),
        (64, "NBA"),
    ];
    const TEAMS: &[&str] = &[
        "Arsenal",
        "Chelsea",
        "Real Madrid",
        "FC Barcelona",
        "Bayern Munich",
        "Borussia Dortmund",
        "Juventus",
        "AC Milan",
        "Boston Celtics",
        "Los Angeles Lakers",
    ];
    let events: Vec<Value> = (0..events)
        .map(|i| {
            let k = i % SPORTS.len();
            let day = 1 + i % 28;
            let hour = 12 + i % 9;
            json!({
                "FixtureId": 13_120_000 + i as i64,
                "Fixture": {
                    "Subscription": {"Type": 1, "Status": 1},
                    "Sport": {"Id": SPORTS[k].0, "Name": SPORTS[k].1},
                    "Location": {"Id": LOCATIONS[k].0, "Name": LOCATIONS[k].1},
                    "League": {"Id": LEAGUES[k].0, "Name": LEAGUES[k].1},
                    "StartDate": format!("2024-09-{day:02}T{hour:02}:30:00.0000000Z"),
                    "LastUpdate": format!("2024-08-{day:02}T09:12:{:02}.{:07}Z", i % 60, 1_124_647 + i * 7919),
                    "Status": 1 + (i % 3) as i64,
                    "Participants": [
                        {"Id": 52_000 + 2 * i as i64, "Name": TEAMS[(2 * i) % TEAMS.len()], "Position": "1"},
                        {"Id": 52_001 + 2 * i as i64, "Name": TEAMS[(2 * i + 1) % TEAMS.len()], "Position": "2"},
                    ],
                    "FixtureExtraData": [
                        {"Name": "Venue", "Value": "Stadium"},
                        {"Name": "Round", "Value": format!("{}", 1 + i % 38)},
                    ],
                },
                "Livescore": null,
                "Markets": null,
            })
        })
        .collect();
    json!({
        "Header": {
            "Type": 1,
            "MsgSeq": 1042,
            "MsgGuid": "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e",
            "CreationDate": "2024-08-16T09:12:45.1124647Z",
            "ServerTimestamp": 1_723_799_565_112_i64,
        },
        "Body": {"Events": events},
    })
}
