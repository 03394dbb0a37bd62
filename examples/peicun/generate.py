"""
Generate the 裴村社区 sample township, deterministically.

Source: seed 002 (河南日报, 义马市新区街道裴村社区): a 社区党总支 → 网格党支部 →
微网格党小组 → 党员 structure, 5 grids, 20 micro-grids, 24 grid staff, "按线划分、
不漏一地、不漏一户". Everything personal here is synthetic (names drawn from common
surnames, ID numbers with valid check digits but invented, phones invented).

The output is committed twice: shipped inside the package, and as this
folder's township directory (``township.toml`` + ``households.csv``, the same
township):

* ``src/gridgov/examples_data/peicun.toml``: regions, workforce, organisations,
  党员中心户, extra care tags, norms, and a few hand-written households
  (陈海军's, and a family that moved between grids mid-month);
* ``src/gridgov/examples_data/peicun_households.csv``: the 台账 of ~1,500
  households, with Chinese headers.

Deliberate, realistic findings are planted so the demo has something to show:
one newly arrived household recorded at community level (not yet placed in a
grid: a partition error, and nobody is responsible for it: 不漏一户), a 党员中心户
linking 17 households (norm 5–15), a 楼栋长 with two buildings (over about 20),
and one grid below the urban 300-household norm.

Run ``python examples/peicun/generate.py`` from the repository root.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from gridgov.domain import Role

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "src" / "gridgov" / "examples_data"

COUNTY, TOWN, COMMUNITY = "410381", "410381003", "410381003002"
GRID_SIZES = (318, 302, 336, 281, 309)
GRID_NAMES = ("一网格", "二网格", "三网格", "四网格", "五网格")
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
GIVEN = (
    "建国军华明丽红伟芳秀英强敏静磊洋艳勇杰娟涛超霞平刚桂兰玉梅海燕宏志红霞新民国庆春生"
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TAG_RATES = (
    ("空巢老人", 0.08),
    ("独居老人", 0.03),
    ("高龄老人", 0.04),
    ("留守儿童", 0.02),
    ("残疾人", 0.02),
    ("低保", 0.02),
    ("特困", 0.005),
    ("优抚对象", 0.01),
    ("大病患者", 0.01),
    ("严重精神障碍", 0.003),
    ("社区矫正", 0.002),
)
SEVERE = {"严重精神障碍", "社区矫正", "独居老人"}


def id_number(rng: random.Random, born: date) -> str:
    body = f"{COUNTY}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def phone(rng: random.Random) -> str:
    return (
        rng.choice(("138", "139", "150", "155", "186", "187"))
        + f"{rng.randint(0, 10**8 - 1):08d}"
    )


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(
        rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))
    )


def grid_code(g: int) -> str:
    return f"{COMMUNITY}{g + 1:03d}"


def micro_code(g: int, m: int) -> str:
    return f"{grid_code(g)}{m + 1:03d}"


def households(rng: random.Random) -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    """The 台账 rows, and the household ids per building."""
    rows: list[dict[str, str]] = []
    by_building: dict[str, list[str]] = {}
    building_no = 0
    serial = 0
    for g, size in enumerate(GRID_SIZES):
        per_micro = [size // 4 + (1 if m < size % 4 else 0) for m in range(4)]
        for m, count in enumerate(per_micro):
            # Buildings of about 20 households, evenly filled within a micro-grid.
            n_buildings = max(1, round(count / 20))
            first_building = building_no + 1
            building_no += n_buildings if g < 4 else 0
            for k in range(count):
                serial += 1
                hid = f"PC{serial:04d}"
                if g < 4:  # grids 1-4: 小区 buildings; grid 5: 平房 courtyards
                    building = f"{first_building + k * n_buildings // count}号楼"
                    unit = k % 2 + 1
                    address = f"裴村社区{building}{unit}单元{101 + k % 12}"
                    by_building.setdefault(building, []).append(hid)
                else:
                    building = ""
                    address = f"裴村{m + 1}组{k + 1}号"
                born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 60))
                registered = rng.random() > 0.15
                since = date(2018, 1, 1) + timedelta(days=rng.randint(0, 365 * 8 + 100))
                tags = [t for t, rate in TAG_RATES if rng.random() < rate]
                if not registered:
                    tags.append("流动人口")
                tag_text = "；".join(f"{t}(严重)" if t in SEVERE else t for t in tags)
                rows.append(
                    {
                        "户号": hid,
                        "地址": address,
                        "网格": micro_code(g, m),
                        "楼栋": building,
                        "户籍": "户籍" if registered else "常住非户籍",
                        "居住起始": "" if registered else since.isoformat(),
                        "户主": name(rng),
                        "身份证号": id_number(rng, born),
                        "电话": phone(rng),
                        "性别": rng.choice("男女"),
                        "出生日期": born.isoformat(),
                        "党员": "是" if rng.random() < 0.07 else "否",
                        "标签": tag_text,
                    }
                )
    # Planted: a family that arrived on 2026-05-06 and was recorded at community
    # level while the grid boundary was being redrawn (待划格).
    rows.append(
        {
            "户号": "PC9001",
            "地址": "裴村社区新建12号楼2单元301",
            "网格": COMMUNITY,
            "楼栋": "",
            "户籍": "常住非户籍",
            "居住起始": "2026-05-06",
            "户主": "付新民",
            "身份证号": id_number(rng, date(1988, 3, 14)),
            "电话": phone(rng),
            "性别": "男",
            "出生日期": "1988-03-14",
            "党员": "否",
            "标签": "流动人口",
        }
    )
    return rows, by_building


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
        )
    raise TypeError(value)


def toml_tables(name: str, items: list[dict[str, object]]) -> list[str]:
    """Arrays of tables; list-of-dict values become nested arrays of tables."""
    out: list[str] = []
    for item in items:
        out.append(f"\n[[{name}]]")
        nested = {
            k: v
            for k, v in item.items()
            if isinstance(v, list)
            and v
            and isinstance(v[0], dict)
            and k not in INLINE_LISTS
        }
        for key, value in item.items():
            if key not in nested:
                out.append(f"{key} = {toml_value(value)}")
        for key, value in nested.items():
            out += toml_tables(f"{name}.{key}", value)  # type: ignore[arg-type]
    return out


INLINE_LISTS = {"members", "tags", "previous"}


def villages(rng: random.Random) -> list[dict[str, object]]:
    villages = [
        {
            "code": COMMUNITY,
            "name": "裴村社区",
            "name_en": "Peicun Community",
            "grids": [
                {
                    "code": grid_code(g),
                    "name": GRID_NAMES[g],
                    "kind": "urban" if g < 4 else "rural",
                    "micro_grids": [
                        {
                            "code": micro_code(g, m),
                            "name": f"{GRID_NAMES[g]}第{m + 1}微网格",
                        }
                        for m in range(4)
                    ],
                }
                for g in range(5)
            ],
        }
    ]
    # Hand-written households: 陈海军 of the article, and the 赵 family who moved
    # from 二网格 to 三网格 on 2026-05-15.
    villages[0]["grids"][0]["micro_grids"][0]["households"] = [
        {  # type: ignore[index]
            "id": "PC8001",
            "address": "裴村社区1号楼1单元102",
            "building": "1号楼",
            "members": [
                {
                    "id": "PC8001-1",
                    "name": "陈海军",
                    "id_number": id_number(rng, date(1979, 8, 2)),
                    "phone": phone(rng),
                    "gender": "male",
                    "birth_date": "1979-08-02",
                    "relation": "户主",
                },
                {
                    "id": "PC8001-2",
                    "name": "陈奶奶",
                    "gender": "female",
                    "birth_date": "1942-02-11",
                    "relation": "母亲",
                },
            ],
            "tags": [
                {
                    "tag": "advanced_age",
                    "attention": "medium",
                    "span": {"start": "2022-02-11"},
                }
            ],
        }
    ]
    villages[0]["grids"][2]["micro_grids"][1]["households"] = [
        {  # type: ignore[index]
            "id": "PC8002",
            "address": "裴村社区新建5号楼1单元502",
            "since": "2026-05-15",
            "previous": [
                {
                    "region": micro_code(1, 2),
                    "span": {"start": "2019-04-01", "end": "2026-05-15"},
                }
            ],
            "members": [
                {
                    "id": "PC8002-1",
                    "name": "赵立新",
                    "phone": phone(rng),
                    "relation": "户主",
                }
            ],
        }
    ]
    return villages  # type: ignore[return-value]


def grid_staff(rng: random.Random) -> list[dict[str, object]]:
    """The 24 grid staff: 5 网格长, 15 专职网格员, 4 兼职网格员."""
    ids = iter(range(1, 100))
    staff: list[dict[str, object]] = [
        {
            "id": f"W{next(ids):02d}",
            "name": name(rng),
            "role": "grid_chief",
            "phone": phone(rng),
            "scope": {"regions": [grid_code(g)]},
        }
        for g in range(5)
    ]
    # 19 micro-grid workers for 20 micro-grids: 三网格第4微网格 is run by its 网格长.
    for g in range(5):
        for m in range(4):
            if (g, m) == (2, 3):
                continue
            role = (
                "part_time_grid_worker"
                if (g, m) in {(4, 0), (4, 1), (4, 2), (4, 3)}
                else "full_time_grid_worker"
            )
            worker_name = "茹雪梅" if (g, m) == (0, 0) else name(rng)
            staff.append(
                {
                    "id": f"W{next(ids):02d}",
                    "name": worker_name,
                    "role": role,
                    "phone": phone(rng),
                    "capacity_per_day": 8,
                    "scope": {"regions": [micro_code(g, m)]},
                }
            )
    return staff


def helpers_of(
    rng: random.Random,
    by_building: dict[str, list[str]],
    by_micro: dict[str, list[str]],
) -> list[dict[str, object]]:
    """楼栋长 for the buildings and 十户长 for the 平房 grid, then 三官一律."""
    helpers: list[dict[str, object]] = []
    buildings = list(by_building)
    b = 0
    n = 0
    while b < len(buildings):
        n += 1
        # Planted: one 楼栋长 looks after two buildings (over the ~20 norm).
        take = buildings[b : b + 2] if n == 7 else buildings[b : b + 1]
        b += len(take)
        helpers.append(
            {
                "id": f"L{n:02d}",
                "name": name(rng),
                "role": "building_head",
                "scope": {"buildings": take},
            }
        )
    # 十户长 in the 平房 grid: about ten households each.
    for m in range(4):
        homes = by_micro[micro_code(4, m)]
        for k in range(0, len(homes), 10):
            group = homes[k : k + 10]
            if len(group) >= 6:
                helpers.append(
                    {
                        "id": f"S{m + 1}{k // 10 + 1:02d}",
                        "name": name(rng),
                        "role": "ten_household_head",
                        "scope": {"households": group},
                    }
                )
    return [
        *helpers,
        {
            "id": "F01",
            "name": "义马市人民法院 " + name(rng),
            "role": "judge",
            "scope": {"regions": [COMMUNITY]},
        },
        {
            "id": "F02",
            "name": "新区派出所 " + name(rng),
            "role": "police_officer",
            "scope": {"regions": [COMMUNITY]},
        },
        {
            "id": "F03",
            "name": "律师 " + name(rng),
            "role": "lawyer",
            "scope": {"regions": [COMMUNITY]},
        },
    ]


def organisations(
    helpers: list[dict[str, object]], party_heads: dict[str, list[str]]
) -> list[dict[str, object]]:
    """党总支 → 网格党支部 → 微网格党小组 → 党员, plus committees and a team."""
    orgs: list[dict[str, object]] = [
        {
            "id": "PC-DZZ",
            "name": "裴村社区党总支",
            "kind": "party_general_branch",
            "region": COMMUNITY,
        },
        {
            "id": "PC-LW",
            "name": "裴村社区两委",
            "kind": "village_committees",
            "region": COMMUNITY,
        },
        {
            "id": "PC-TWH",
            "name": "裴村社区调委会",
            "kind": "mediation_committee",
            "region": COMMUNITY,
        },
        {
            "id": "PC-ZYD",
            "name": "裴村社区网格志愿服务队",
            "kind": "volunteer_team",
            "region": COMMUNITY,
            "members": [{"member": h["id"], "position": "队员"} for h in helpers[:12]],
        },
    ]
    for g in range(5):
        orgs.append(
            {
                "id": f"PC-ZB{g + 1}",
                "name": f"{GRID_NAMES[g]}党支部",
                "kind": "party_branch",
                "region": grid_code(g),
                "parent": "PC-DZZ",
            }
        )
        for m in range(4):
            members = [
                {"member": p, "position": "党员", "party_member": True}
                for p in party_heads.get(micro_code(g, m), [])
            ]
            if members:
                members[0]["position"] = "党小组长"
            orgs.append(
                {
                    "id": f"PC-XZ{g + 1}{m + 1}",
                    "name": f"{GRID_NAMES[g]}第{m + 1}微网格党小组",
                    "kind": "party_group",
                    "region": micro_code(g, m),
                    "parent": f"PC-ZB{g + 1}",
                    "members": members,
                }
            )
    return orgs


def central_households(
    rng: random.Random,
    rows: list[dict[str, str]],
    by_micro: dict[str, list[str]],
    party_heads: dict[str, list[str]],
) -> list[dict[str, object]]:
    """Two 党员中心户 per micro-grid (where there are Party members)."""
    centrals: list[dict[str, object]] = []
    c = 0
    for g in range(5):
        for m in range(4):
            homes = by_micro[micro_code(g, m)]
            heads = party_heads.get(micro_code(g, m), [])
            for j, start in enumerate(range(0, min(len(homes), 24), 12)):
                if j >= len(heads):
                    break
                c += 1
                size = 17 if c == 9 else rng.randint(6, 13)  # planted: one over 15
                host = heads[j].removesuffix("-1")
                links = [h for h in homes[start : start + size + 1] if h != host][:size]
                centrals.append(
                    {
                        "id": f"DY{c:02d}",
                        "name": next(r["户主"] for r in rows if r["户号"] == host),
                        "household": host,
                        "person": heads[j],
                        "links": links,
                        "party_group": f"PC-XZ{g + 1}{m + 1}",
                    }
                )
    return centrals


def spec(
    rng: random.Random, by_building: dict[str, list[str]], rows: list[dict[str, str]]
) -> tuple[list[str], list[dict[str, object]], list[str]]:
    """The spec's lines before the workers, the workers, and the lines after."""
    by_micro: dict[str, list[str]] = {}
    party_heads: dict[str, list[str]] = {}
    for row in rows:
        by_micro.setdefault(row["网格"], []).append(row["户号"])
        if row["党员"] == "是":
            party_heads.setdefault(row["网格"], []).append(f"{row['户号']}-1")
    helpers = helpers_of(rng, by_building, by_micro)
    lines = [
        "# 裴村社区 sample township: generated by examples/peicun/generate.py.",
        "# 义马市 (410381) → 新区街道 → 裴村社区: 5 grids, 20 micro-grids, 24 staff.",
        f'code = "{TOWN}"',
        'name = "新区街道"',
        'name_en = "Xinqu Subdistrict"',
        'title = "裴村社区"',
        'household_tables = ["peicun_households.csv"]',
        "",
        "[county]",
        f'code = "{COUNTY}"',
        'name = "义马市"',
        'name_en = "Yima City"',
        "",
        "[[care_tags]]",
        'code = "serious_illness"',
        'zh = "大病患者"',
        'en = "household with a seriously ill member"',
        'group = "assistance"',
        "",
        "[norms]",
        "central_household_min = 5",
        "central_household_max = 15",
    ]
    lines += toml_tables("villages", villages(rng))
    workers = grid_staff(rng) + helpers
    after = toml_tables("organisations", organisations(helpers, party_heads))
    centrals = central_households(rng, rows, by_micro, party_heads)
    after += toml_tables("party_central_households", centrals)
    return lines, workers, after


WORKER_COLUMNS = (
    "工号",
    "姓名",
    "岗位",
    "负责网格",
    "联系户",
    "负责楼栋",
    "电话",
    "日走访上限",
)


def worker_rows(workers: list[dict[str, object]]) -> list[dict[str, str]]:
    """The workforce as a 网格队伍台账 (Chinese headers and role titles)."""
    rows = []
    for w in workers:
        scope: dict[str, list[str]] = w["scope"]  # type: ignore[assignment]
        rows.append(
            {
                "工号": str(w["id"]),
                "姓名": str(w["name"]),
                "岗位": Role(w["role"]).zh,
                "负责网格": "；".join(scope.get("regions", [])),
                "联系户": "；".join(scope.get("households", [])),
                "负责楼栋": "；".join(scope.get("buildings", [])),
                "电话": str(w.get("phone", "")),
                "日走访上限": str(w.get("capacity_per_day", "")),
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(20260508)  # noqa: S311 - synthetic data, not secrets
    rows, by_building = households(rng)
    OUT.mkdir(parents=True, exist_ok=True)
    before, workers, after = spec(rng, by_building, rows)
    # The same township twice. Inside the package (what `gridgov demo` loads)
    # the workers are [[workers]] tables of peicun.toml; this folder is a
    # township directory whose workers are a 台账 of their own (workers.csv).
    write_csv(OUT / "peicun_households.csv", rows, list(rows[0]))
    package = before + toml_tables("workers", workers) + after
    (OUT / "peicun.toml").write_text("\n".join(package) + "\n", encoding="utf-8")
    write_csv(HERE / "households.csv", rows, list(rows[0]))
    write_csv(HERE / "workers.csv", worker_rows(workers), list(WORKER_COLUMNS))
    tables = {
        'household_tables = ["peicun_households.csv"]': (
            'household_tables = ["households.csv"]\nworker_tables = ["workers.csv"]'
        )
    }
    here = [*(tables.get(line, line) for line in before), *after]
    (HERE / "township.toml").write_text("\n".join(here) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} households to {OUT} and {HERE}")


if __name__ == "__main__":
    main()
