// Scratch benchmark, not part of newsdesk: candle BERT on all-MiniLM-L6-v2.
// cargo build --release; ./target/release/candle-bench MODEL_DIR SENTENCES_FILE [BATCH]
// MODEL_DIR: config.json, model.safetensors and a tokenizer.json with padding and truncation null.
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use std::time::Instant;

fn cpu_secs() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
}

fn main() {
    let dir = std::env::args().nth(1).expect("model dir");
    let sents_path = std::env::args().nth(2).expect("sentences file");
    let batch: usize = std::env::args()
        .nth(3)
        .map(|s| s.parse().unwrap())
        .unwrap_or(32);
    let dev = Device::Cpu;
    let cfg: Config =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/config.json")).unwrap())
            .unwrap();
    let vb = unsafe {
        VarBuilder::from_mmaped_safetensors(&[format!("{dir}/model.safetensors")], DType::F32, &dev)
            .unwrap()
    };
    let model = BertModel::load(vb, &cfg).unwrap();
    let tok = tokenizers::Tokenizer::from_file(format!("{dir}/tokenizer.json")).unwrap();
    let text = std::fs::read_to_string(&sents_path).unwrap();
    let sents: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let t0 = Instant::now();
    let mut enc: Vec<Vec<u32>> = sents
        .iter()
        .map(|s| {
            let mut e = tok.encode(*s, true).unwrap().get_ids().to_vec();
            e.truncate(256);
            e
        })
        .collect();
    let ttok = t0.elapsed();
    enc.sort_by_key(|e| e.len());
    let ntok: usize = enc.iter().map(|e| e.len()).sum();
    let mut out = Vec::new();
    for _rep in 0..2 {
        out.clear();
        let t = Instant::now();
        let c0 = cpu_secs();
        for chunk in enc.chunks(batch) {
            let l = chunk.iter().map(|e| e.len()).max().unwrap();
            let mut ids = vec![0u32; chunk.len() * l];
            let mut mask = vec![0f32; chunk.len() * l];
            for (i, e) in chunk.iter().enumerate() {
                ids[i * l..i * l + e.len()].copy_from_slice(e);
                for j in 0..e.len() {
                    mask[i * l + j] = 1.0;
                }
            }
            let ids = Tensor::from_vec(ids, (chunk.len(), l), &dev).unwrap();
            let mask_t = Tensor::from_vec(mask.clone(), (chunk.len(), l), &dev).unwrap();
            let types = ids.zeros_like().unwrap();
            let h = model.forward(&ids, &types, Some(&mask_t)).unwrap();
            let m = mask_t.unsqueeze(2).unwrap();
            let s = h.broadcast_mul(&m).unwrap().sum(1).unwrap();
            let n = m.sum(1).unwrap();
            let e = s.broadcast_div(&n).unwrap();
            let norm = e.sqr().unwrap().sum_keepdim(1).unwrap().sqrt().unwrap();
            let e = e.broadcast_div(&norm).unwrap();
            out.push(e.to_vec2::<f32>().unwrap());
        }
        let dt = t.elapsed().as_secs_f64();
        let cpu = cpu_secs() - c0;
        println!(
            "  cpu {:.2}s -> {:.0} tokens per cpu-second ({:.0} tokens/s on 2 idle cores)",
            cpu,
            ntok as f64 / cpu,
            2.0 * ntok as f64 / cpu
        );
        println!(
            "candle: {} sentences, {} tokens, batch {batch}: {:.3}s -> {:.0} tokens/s, {:.1} sentences/s (tokenize {:.3}s)",
            sents.len(),
            ntok,
            dt,
            ntok as f64 / dt,
            sents.len() as f64 / dt,
            ttok.as_secs_f64()
        );
    }
    let rss = std::fs::read_to_string("/proc/self/status").unwrap();
    for l in rss
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
    {
        println!("{l}");
    }
}
