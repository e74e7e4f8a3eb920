//! Trains the entity tagger on CoNLL-2003 and writes `data/entities/tagger.bin`.
//!
//! `cargo run --release --example train_tagger -- TRAIN [--dev DEV] [--epochs N] [--out PATH]`
//! Training is deterministic: the same data and epochs give the same bytes.

use std::error::Error;
use std::time::Instant;

use sitrep::entities::tagger::{SpanScore, Tagger};
use sitrep::entities::{parse_conll, EntityType};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let mut train = None;
    let mut dev = None;
    let mut epochs = 12;
    let mut out = concat!(env!("CARGO_MANIFEST_DIR"), "/data/entities/tagger.bin").to_string();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dev" => dev = args.next(),
            "--epochs" => epochs = args.next().ok_or("--epochs needs a number")?.parse()?,
            "--out" => out = args.next().ok_or("--out needs a path")?,
            _ => train = Some(arg),
        }
    }
    let train = train.ok_or("usage: train_tagger TRAIN [--dev DEV] [--epochs N] [--out PATH]")?;
    let documents = parse_conll(&std::fs::read_to_string(&train)?);
    let started = Instant::now();
    let tagger = Tagger::train_conll(&documents, epochs);
    let bytes = tagger.to_bytes();
    std::fs::write(&out, &bytes)?;
    eprintln!(
        "trained {epochs} epochs in {:.1?}; wrote {} bytes to {out}",
        started.elapsed(),
        bytes.len()
    );
    if let Some(dev) = dev {
        let model = Tagger::from_bytes(&bytes)?;
        let mut score = SpanScore::default();
        for document in parse_conll(&std::fs::read_to_string(dev)?) {
            let words: Vec<Vec<String>> =
                document.sentences.iter().map(|(w, _)| w.clone()).collect();
            for ((_, gold), predicted) in document.sentences.iter().zip(model.tag_document(&words))
            {
                score.add(gold, &predicted);
            }
        }
        for (label, kind) in [
            ("PER", EntityType::Person),
            ("ORG", EntityType::Organisation),
            ("LOC", EntityType::Location),
        ] {
            let (p, r, f) = score.prf(kind);
            println!("{label}: P {p:.3} R {r:.3} F1 {f:.3}");
        }
    }
    Ok(())
}
