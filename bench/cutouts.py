"""Helper of bench/cutouts (run with the interpreter that has astroquery: Debian's /usr/bin/python3).

  cutouts.py select TAP N OUT.csv          N public image planes, each with its centre (ra, dec)
  cutouts.py astroquery REGISTRY CSV RADIUS OUTDIR RUNS
                                           astroquery.cadc cutting each plane around its centre, RUNS times
  cutouts.py report WORK RADIUS            seconds, files, bytes, MB/s, speedups, and the FITS check
"""
import csv
import datetime
import io
import json
import math
import os
import sys
import tempfile
import time
import urllib.parse
import urllib.request


def file_names(publisher_ids):
    # The names Save-CadcImage gives cutouts, so that the two clients' files can be paired: the product ID,
    # with the observation ID in front when two planes share a product ID.
    short = {p: p.rsplit("?", 1)[-1].rsplit("/", 1)[-1] for p in publisher_ids}
    count = {}
    for name in short.values():
        count[name.lower()] = count.get(name.lower(), 0) + 1
    return {p: (name if count[name.lower()] == 1 else p.rsplit("?", 1)[-1].replace("/", "__")) + "__cutout.fits"
            for p, name in short.items()}


def centre(vertices):
    # Mean of the corners as unit vectors: right across RA 0/360 too.
    x = y = z = 0.0
    for ra, dec in zip(vertices[0::2], vertices[1::2]):
        a, d = math.radians(ra), math.radians(dec)
        x += math.cos(d) * math.cos(a)
        y += math.cos(d) * math.sin(a)
        z += math.sin(d)
    return math.degrees(math.atan2(y, x)) % 360, math.degrees(math.atan2(z, math.hypot(x, y)))


def select(tap, n, out):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    # Public (dataRelease already past: not the 2031 proprietary planes), images, not junk (quality_flag is
    # 'junk' or empty; DaCHS's ADQL does not take <>).
    query = ("SELECT p.publisherID, p.position_bounds, o.collection FROM caom2.Plane AS p "
             "JOIN caom2.Observation AS o ON o.obsID = p.obsID "
             "WHERE p.dataProductType = 'image' AND p.dataRelease < '%s' "
             "AND p.quality_flag IS NULL ORDER BY p.publisherID" % now)
    body = urllib.parse.urlencode({"LANG": "ADQL", "RESPONSEFORMAT": "csv", "MAXREC": 100000, "QUERY": query}).encode()
    with urllib.request.urlopen(tap + "/sync", body, timeout=60) as r:
        text = r.read().decode("utf-8")
    if text.startswith("<"):   # an error document (QUERY_STATUS=ERROR) instead of CSV
        sys.exit("the plane query failed: " + text[-400:])
    rows = list(csv.DictReader(io.StringIO(text)))
    if len(rows) < n:
        sys.exit("only %d public image planes in the sandbox" % len(rows))
    # Spread evenly over the list (sorted by collection), so that all collections and pixel scales take part.
    chosen = []
    for row in (rows[i * len(rows) // n] for i in range(n)):
        ra, dec = centre(json.loads(row["position_bounds"]))
        chosen.append({"publisherID": row["publisherID"], "ra": "%.7f" % ra, "dec": "%.7f" % dec, "collection": row["collection"]})
    names = file_names([c["publisherID"] for c in chosen])
    for c in chosen:
        c["file"] = names[c["publisherID"]]
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, ["publisherID", "ra", "dec", "collection", "file"])
        w.writeheader()
        w.writerows(chosen)
    counts = {}
    for c in chosen:
        counts[c["collection"]] = counts.get(c["collection"], 0) + 1
    print("planes      %d of %d public image planes: %s" % (n, len(rows), ", ".join("%s %d" % kv for kv in sorted(counts.items()))))


def run_astroquery(registry, planes_csv, radius, outdir, runs):
    t = time.perf_counter()
    import warnings
    from astropy.config import set_temp_cache
    from astropy.coordinates import SkyCoord
    from astropy.table import Table
    from astropy.utils.data import import_file_to_cache
    from astroquery.cadc import Cadc, conf
    from astroquery.cadc.core import get_access_url
    from astroquery.utils import commons
    import_s = time.perf_counter() - t
    warnings.simplefilter("ignore")   # bs4's XML-as-HTML warning on every capabilities document

    conf.CADC_REGISTRY_URL = registry
    # astroquery must find the sandbox, not CADC, through the registry.
    argus = get_access_url("ivo://cadc.nrc.ca/argus")
    datalink = get_access_url("ivo://cadc.nrc.ca/caom2ops", "ivo://ivoa.net/std/DataLink#links-1.0")
    if "127.0.0.1" not in argus or "127.0.0.1" not in datalink:
        sys.exit("astroquery does not resolve the sandbox: argus=%s caom2ops=%s" % (argus, datalink))
    print("resolved    argus -> %s   caom2ops DataLink -> %s   (import %.2f s, not timed)" % (argus, datalink, import_s))
    get_access_url.caps.clear()       # so that run 1 reads the registry again, as a fresh session does

    planes = list(csv.DictReader(open(planes_csv)))
    cadc = Cadc()
    # pyvo's DatalinkResults.bysemantics('#cutout') reads the IVOA datalink/core vocabulary from www.ivoa.net;
    # the sandbox is offline, so each run's cache is seeded with the one term it looks up (cutout: no narrower terms).
    vocabulary = os.path.join(tempfile.mkdtemp(), "datalink-core.json")
    for run in range(1, runs + 1):
        folder = os.path.join(outdir, "run%d" % run)
        os.makedirs(folder)
        # A fresh download cache per run: astroquery caches what it downloads, and a second run served from
        # that cache would not cut anything.
        with set_temp_cache(tempfile.mkdtemp()):
            with open(vocabulary, "w") as f:
                json.dump({"terms": {"cutout": {"label": "Cutout", "narrower": []}}}, f)
            import_file_to_cache("http://www.ivoa.net/rdf/datalink/core", vocabulary, remove_original=True)
            t0 = time.perf_counter()
            # get_image_list takes one position per call, so each plane is asked for around its own centre.
            urls = []
            for p in planes:
                one = Table({"publisherID": [p["publisherID"]]})
                urls += [(u, p["file"]) for u in
                         cadc.get_image_list(one, SkyCoord(float(p["ra"]), float(p["dec"]), unit="deg"), radius)]
            t1 = time.perf_counter()
            # get_images' way: a FileContainer per URL, one after the other (save_fits reads it as FITS, then links it out of the cache).
            for url, name in urls:
                commons.FileContainer(url, encoding="binary", show_progress=False).save_fits(os.path.join(folder, name))
            t2 = time.perf_counter()
        print("run=%d files=%d links_s=%.3f download_s=%.3f total_s=%.3f" % (run, len(urls), t1 - t0, t2 - t1, t2 - t0))
        sys.stdout.flush()


def report(work, radius):
    from astropy.io import fits
    times = {}
    for line in open(os.path.join(work, "times.txt")):
        client, run, total = line.split()
        times[(client, int(run))] = float(total)
    clients = []
    for client, _ in times:
        if client not in clients:
            clients.append(client)
    shapes = {}
    print("## results (radius %s; MB = 10^6 bytes)" % radius)
    print("%-14s %4s %8s %6s %9s %7s %s" % ("client", "run", "seconds", "files", "bytes", "MB/s", "FITS"))
    ok = True
    for (client, run), total in sorted(times.items(), key=lambda kv: (clients.index(kv[0][0]), kv[0][1])):
        folder = os.path.join(work, client, "run%d" % run)
        files = sorted(f for f in os.listdir(folder) if f.endswith(".fits")) if os.path.isdir(folder) else []
        size = sum(os.path.getsize(os.path.join(folder, f)) for f in files)
        valid = 0
        for f in files:
            try:
                with fits.open(os.path.join(folder, f)) as hdus:
                    hdus.verify("exception")
                    h = hdus[0].header
                    if h["NAXIS"] >= 2 and hdus[0].data is not None:
                        valid += 1
                        shapes[(client, run, f)] = (h["NAXIS1"], h["NAXIS2"], os.path.getsize(os.path.join(folder, f)))
            except Exception as e:
                print("  %s/%s: not valid FITS: %s" % (folder, f, e))
        ok &= len(files) == valid
        print("%-14s %4d %8.3f %6d %9d %7.2f %d valid" % (client, run, total, len(files), size, size / 1e6 / total, valid))
    # Same work: every client cut the same planes to the same shape (astroquery moves the centre to FK5,
    # a few milliarcseconds, which can shift the edge of a cutout by one pixel).
    reference = "cadcps-t8"
    names = sorted(f for (c, r, f) in shapes if c == reference and r == 1)
    for client in clients:
        for run in (1, 2):
            if (client, run) not in times or (client == reference and run == 1):
                continue
            other = {f: shapes.get((client, run, f)) for f in names}
            missing = [f for f, s in other.items() if s is None]
            worst = max((max(abs(shapes[(reference, 1, f)][0] - s[0]), abs(shapes[(reference, 1, f)][1] - s[1]))
                         for f, s in other.items() if s), default=0)
            same_bytes = sum(1 for f, s in other.items() if s and s[2] == shapes[(reference, 1, f)][2])
            good = not missing and worst <= 1 and len(names) > 0
            ok &= good
            print("check       %s run=%d vs %s run=1: %d of %d planes present, max NAXIS difference %d px, %d of %d the same byte count: %s"
                  % (client, run, reference, len(names) - len(missing), len(names), worst, same_bytes, len(names), "ok" if good else "DIFFERENT"))
    for run in (1, 2):
        t8, t1, aq = times.get(("cadcps-t8", run)), times.get(("cadcps-t1", run)), times.get(("astroquery", run))
        if t8 and aq:
            print("speedup     run=%d  astroquery / CadcPS -ThrottleLimit 8 = %.1fx   (-ThrottleLimit 1: %.1fx; 8 vs 1: %.1fx; target 5x: %s)"
                  % (run, aq / t8, aq / t1 if t1 else float("nan"), t1 / t8 if t1 else float("nan"),
                     ("met" if aq / t8 >= 5 else "not met") if ok else "NOT COMPARABLE, the files differ"))
    # astroquery's time split: DataLink look-ups (one per plane) and the downloads themselves.
    aq = os.path.join(work, "aq.txt")
    for line in open(aq) if os.path.exists(aq) else []:
        if line.startswith("run="):
            f = dict(kv.split("=") for kv in line.split())
            t8 = times.get(("cadcps-t8", int(f["run"])))
            if t8:
                print("split       run=%s  astroquery links %s s + downloads %s s; its downloads alone / CadcPS -ThrottleLimit 8 = %.1fx"
                      % (f["run"], f["links_s"], f["download_s"], float(f["download_s"]) / t8))
    return 0 if ok else 1


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "select":
        select(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == "astroquery":
        run_astroquery(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    elif cmd == "report":
        sys.exit(report(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
