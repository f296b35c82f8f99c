//! Any text as a shared link's `#inputs=` fragment, as the JSON inside a single-file page,
//! and as a link's `&`-separated query (its `h.*` hashes checked against what loaded).
//! Whatever decodes must survive a round trip unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secondlook_core::inputs::Inputs;
use secondlook_core::share;

fn round_trips(inputs: &Inputs) {
    assert!(share::hash_mismatches(&share::hash_params(inputs), inputs).is_empty());
    if let Ok(encoded) = share::encode_fragment(inputs) {
        assert_eq!(share::decode_fragment(&encoded).as_ref(), Ok(inputs));
    }
    let script = share::script_json(Some(inputs));
    assert_eq!(share::read_script_json(&script), Ok(Some(inputs.clone())));
}

fuzz_target!(|text: &str| {
    let from_link = share::decode_fragment(text);
    if let Ok(inputs) = &from_link {
        round_trips(inputs);
    }
    if let Ok(Some(inputs)) = share::read_script_json(text) {
        round_trips(&inputs);
    }
    let params: Vec<(String, String)> = text
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    let loaded = from_link.unwrap_or_else(|_| Inputs::demo());
    for message in share::hash_mismatches(&params, &loaded) {
        assert!(!message.is_empty());
    }
});
