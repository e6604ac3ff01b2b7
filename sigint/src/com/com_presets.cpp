// Built-in COM parameter tables. Each preset is a configuration text in the format of
// com_config.hpp; each text names its source in its first lines.
//
// ck_kr, ck_cr, ck_c2c: transcribed from the official IEEE P802.3ck COM configuration
// spreadsheets config_com_ieee8023_93a=3ck_SA_{KR,CR_CA,120F_C2C}_08_17_2022.xlsx (dated
// 2022-08-17, last edited by R. Mellitz, the COM reference's author), public copies in GitHub
// Omer-Sella/COM, folder config_sheets_100G. Checked against the IEEE COM reference (v4.20 under
// GNU Octave) on public channels: tests/golden/com/ck_*_preset__*.json.
// kr4_c93: 100GBASE-KR4 (Clause 93); see its header: no public transcription of Table 93-8 was
// found to check it against, DER_0 follows PyChOpMarg's Clause 93 based 802.3by table.
// dj_kr: below, from PyChOpMarg's 802.3dj table.
#include <stdexcept>
#include <string>

#include "sigint/com_config.hpp"

namespace racklink::sigint {

namespace {
const char* const kKr4C93 = R"RL(# RackLink COM configuration: 100GBASE-KR4 (IEEE 802.3 Clause 93, Annex 93A), legacy 25G-class.
# Parameter names follow the IEEE COM configuration spreadsheets. NOT checked against a cited copy
# of Table 93-8 / 93A-1 (none was found publicly): the package line (package_tl_*, package_Z_c) is
# the IEEE COM reference's built-in default (com_ieee8023_93a, "Table 93A-3 parameters"); DER_0,
# f_b, L, M, A_v/A_fe/A_ne, R_0, R_d, C_p, A_DD, sigma_RJ, eta_0, SNR_TX, f_z/f_p1/f_p2, g_DC and
# f_r agree with PyChOpMarg's 802.3by table (src/pychopmarg/config/ieee_8023by.py, GitHub
# capn-freako/PyChOpMarg; 25GBASE-KR reuses the Clause 93 COM values), which sets DER_0 = 1e-5
# (this preset said 1e-12 before). PyChOpMarg's T_r (0.010 ns) and package (802.3dj style) differ
# and were not adopted; the rest (C_d, z_p, TX FFE ranges, N_b, b_max, T_r) is unchecked.
f_b = 25.78125              # GBd
f_min = 0.05                # GHz
Delta_f = 0.01              # GHz
f_1 = 0.05                  # GHz, start of FOM_ILD/ICN integration
f_2 = 25.78125              # GHz, end of FOM_ILD/ICN integration
C_d = [2.5e-4 2.5e-4]       # nF, die pad capacitance [TX RX]
L_s = [0 0]                 # nH
C_b = [0 0]                 # nF
z_p select = [1 2]          # package cases to run
z_p (TX) = [12 30]          # mm, one entry per case
z_p (NEXT) = [12 12]
z_p (FEXT) = [12 30]
z_p (RX) = [12 30]
C_p = [1.8e-4 1.8e-4]       # nF
R_0 = 50                    # ohm
R_d = [55 55]               # ohm
f_r = 0.75                  # x f_b, receiver filter
c(0) = 0.62
c(-1) = [-0.18:0.02:0]
c(1) = [-0.38:0.02:0]
g_DC = [-12:1:0]            # dB
f_z = 6.4453125             # GHz
f_p1 = 6.4453125            # GHz
f_p2 = 25.78125             # GHz
A_v = 0.4                   # V
A_fe = 0.4                  # V
A_ne = 0.6                  # V
L = 2
M = 32
N_b = 14
b_max(1) = 1
b_max(2..N_b) = 1
sigma_RJ = 0.01             # UI
A_DD = 0.05                 # UI
eta_0 = 5.2e-8              # V^2/GHz
SNR_TX = 27                 # dB
R_LM = 1
DER_0 = 1e-5                # PyChOpMarg ieee_8023by.py (was 1e-12)
package_tl_gamma0_a1_a2 = [0 1.734e-3 1.455e-4]
package_tl_tau = 6.141e-3   # ns/mm
package_Z_c = 78.2          # ohm
COM Pass threshold = 3      # dB
Include PCB = 0
FORCE_TR = 1
T_r = 0.024                 # ns
Butterworth = 1
Bessel_Thomson = 0
)RL";

const char* const kCkKr = R"RL(# RackLink COM configuration: 100GBASE-KR1 backplane (IEEE Std 802.3ck-2022, Clause 163; COM per Annex 93A).
# Transcribed from the official 802.3ck configuration spreadsheet
# config_com_ieee8023_93a=3ck_SA_KR_08_17_2022.xlsx (IEEE P802.3ck COM configuration sheet dated 08_17_2022,
# file authors K. Young, A. Ran, last edited by R. Mellitz 2022-08-17), public copy in GitHub
# Omer-Sella/COM (commit e51902a), folder config_sheets_100G. Every parameter of its Table 93A-1,
# 93A-3, 92-12, floating-tap, ICN, noise, operational and TDR/ERL blocks is here, with the
# sheet's values; display/I/O-only entries (DIAGNOSTICS, RESULT_DIR, ...) are left out.
# --- Table 93A-1 parameters
f_b = 53.125                      # GBd
f_min = 0.05                      # GHz
Delta_f = 0.01                    # GHz
C_d = [1.2e-4 1.2e-4]             # nF [TX RX]
L_s = [0.12 0.12]                 # nH [TX RX]
C_b = [0.3e-4 0.3e-4]             # nF [TX RX]
z_p select = [1 2]                # package test cases to run
z_p (TX) = [12 31; 1.8 1.8]       # mm, rows = segments, columns = cases
z_p (NEXT) = [12 29; 1.8 1.8]     # mm
z_p (FEXT) = [12 31; 1.8 1.8]     # mm
z_p (RX) = [12 29; 1.8 1.8]       # mm
C_p = [0.87e-4 0.87e-4]           # nF [TX RX]
R_0 = 50                          # ohm
R_d = [50 50]                     # ohm [TX RX]
A_v = 0.413                       # V
A_fe = 0.413                      # V
A_ne = 0.608                      # V
AC_CM_RMS = 0                     # V
L = 4
M = 32
f_r = 0.75                        # x f_b
c(0) = 0.54                       # minimum
c(-1) = [-0.34:0.02:0]
c(-2) = [0:0.02:0.12]
c(-3) = [-0.06:0.02:0]
c(1) = [-0.2:0.02:0]
N_b = 12                          # UI
b_max(1) = 0.85
b_max(2..N_b) = [0.3 0.2 0.2 0.2 0.2 0.2 0.1 0.1 0.1 0.1 0.1]     # sheet: [0.3 0.2*ones(1,5) 0.1*ones(1,5)]
b_min(1) = 0.3
b_min(2..N_b) = [0.05 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03]  # sheet: [0.05 -0.03*ones(1,10)]
g_DC = [-20:1:0]                  # dB
f_z = 21.25                       # GHz
f_p1 = 21.25                      # GHz
f_p2 = 53.125                     # GHz
g_DC_HP = [-6:1:0]                # dB
f_HP_PZ = 0.6640625               # GHz
# --- Operational
Port Order = [1 3 2 4]
COM Pass threshold = 3            # dB
ERL Pass threshold = 9.7          # dB
DER_0 = 1e-4
T_r = 7.5e-3                      # ns
FORCE_TR = 1
Local Search = 2
# --- TDR and ERL options
TDR = 1
ERL = 1
ERL_ONLY = 0
TR_TDR = 0.01                     # ns
N = 3500                          # UI
beta_x = 0
rho_x = 0.618
fixture delay time = [0 0]        # s [port1 port2]
TDR_W_TXPKG = 0
N_bx = 21                         # UI
Tukey_Window = 1
# --- Noise, jitter
sigma_RJ = 0.01                   # UI
A_DD = 0.02                       # UI
eta_0 = 8.2e-9                    # V^2/GHz
SNR_TX = 33                       # dB
R_LM = 0.95
# --- Table 93A-3 parameters (package)
package_tl_gamma0_a1_a2 = [0 0.0009909 0.0002772]
package_tl_tau = 6.141e-3         # ns/mm
package_Z_c = [87.5 87.5; 92.5 92.5]   # ohm, rows = segments, columns [TX RX]
# --- Table 92-12 parameters (host board; used only with Include PCB = 1)
board_tl_gamma0_a1_a2 = [0 3.8206e-04 9.5909e-05]
board_tl_tau = 5.79e-3            # ns/mm
board_Z_c = 100                   # ohm
z_bp (TX) = 110.3                 # mm
z_bp (NEXT) = 110.3               # mm
z_bp (FEXT) = 110.3               # mm
z_bp (RX) = 110.3                 # mm
C_0 = 0.29e-4                     # nF
C_1 = 0.19e-4                     # nF
Include PCB = 0
# --- Floating tap control
N_bg = 3                          # groups
N_bf = 3                          # taps per group
N_f = 40                          # UI span for floating taps
bmaxg = 0.05                      # max DFE value for floating taps
B_float_RSS_MAX = 0.02            # rss tail tap limit
N_tail_start = 25                 # UI, start of tail taps limit
# --- ICN and FOM_ILD parameters
f_v = 0.59356862745098038         # x f_b
f_f = 0.59356862745098038         # x f_b
f_n = 0.59356862745098038         # x f_b
f_2 = 40                          # GHz
A_ft = 0.6                        # V
A_nt = 0.6                        # V
# --- Receiver testing
RX_CALIBRATION = 0
Sigma BBN step = 5e-3             # V
)RL";

const char* const kCkCr = R"RL(# RackLink COM configuration: 100GBASE-CR1 cable assembly (IEEE Std 802.3ck-2022, Clause 162; COM per Annex 93A).
# Transcribed from the official 802.3ck configuration spreadsheet
# config_com_ieee8023_93a=3ck_SA_CR_CA_08_17_2022.xlsx (IEEE P802.3ck COM configuration sheet dated 08_17_2022,
# file authors K. Young, A. Ran, last edited by R. Mellitz 2022-08-17), public copy in GitHub
# Omer-Sella/COM (commit e51902a), folder config_sheets_100G. Every parameter of its Table 93A-1,
# 93A-3, 92-12, floating-tap, ICN, noise, operational and TDR/ERL blocks is here, with the
# sheet's values; display/I/O-only entries (DIAGNOSTICS, RESULT_DIR, ...) are left out.
# --- Table 93A-1 parameters
f_b = 53.125                      # GBd
f_min = 0.05                      # GHz
Delta_f = 0.01                    # GHz
C_d = [1.2e-4 1.2e-4]             # nF [TX RX]
L_s = [0.12 0.12]                 # nH [TX RX]
C_b = [0.3e-4 0.3e-4]             # nF [TX RX]
z_p select = [1 2]                # package test cases to run
z_p (TX) = [12 31; 1.8 1.8]       # mm, rows = segments, columns = cases
z_p (NEXT) = [12 29; 1.8 1.8]     # mm
z_p (FEXT) = [12 31; 1.8 1.8]     # mm
z_p (RX) = [12 29; 1.8 1.8]       # mm
C_p = [0.87e-4 0.87e-4]           # nF [TX RX]
R_0 = 50                          # ohm
R_d = [50 50]                     # ohm [TX RX]
A_v = 0.413                       # V
A_fe = 0.413                      # V
A_ne = 0.608                      # V
AC_CM_RMS = 0                     # V
L = 4
M = 32
f_r = 0.75                        # x f_b
c(0) = 0.54                       # minimum
c(-1) = [-0.34:0.02:0]
c(-2) = [0:0.02:0.12]
c(-3) = [-0.06:0.02:0]
c(1) = [-0.2:0.02:0]
N_b = 12                          # UI
b_max(1) = 0.85
b_max(2..N_b) = [0.3 0.2 0.2 0.2 0.2 0.2 0.1 0.1 0.1 0.1 0.1]     # sheet: [0.3 0.2*ones(1,5) 0.1*ones(1,5)]
b_min(1) = 0.3
b_min(2..N_b) = [0.05 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03]  # sheet: [0.05 -0.03*ones(1,10)]
g_DC = [-20:1:0]                  # dB
f_z = 21.25                       # GHz
f_p1 = 21.25                      # GHz
f_p2 = 53.125                     # GHz
g_DC_HP = [-6:1:0]                # dB
f_HP_PZ = 0.6640625               # GHz
# --- Operational
Port Order = [1 3 2 4]
COM Pass threshold = 3            # dB
ERL Pass threshold = 8.25         # dB
DER_0 = 1e-4
T_r = 7.5e-3                      # ns
FORCE_TR = 1
Local Search = 2
# --- TDR and ERL options
TDR = 1
ERL = 1
ERL_ONLY = 0
TR_TDR = 0.01                     # ns
N = 4500                          # UI
beta_x = 0
rho_x = 0.618
fixture delay time = [0.3e-9 0.3e-9]  # s [port1 port2]
TDR_W_TXPKG = 0
N_bx = 0                          # UI
Tukey_Window = 1
# --- Noise, jitter
sigma_RJ = 0.01                   # UI
A_DD = 0.02                       # UI
eta_0 = 9e-9                      # V^2/GHz
SNR_TX = 32.5                     # dB
R_LM = 0.95
# --- Table 93A-3 parameters (package)
package_tl_gamma0_a1_a2 = [0 0.0009909 0.0002772]
package_tl_tau = 6.141e-3         # ns/mm
package_Z_c = [87.5 87.5; 92.5 92.5]   # ohm, rows = segments, columns [TX RX]
# --- Table 92-12 parameters (host board; Include PCB = 1: added on both sides of the cable assembly)
board_tl_gamma0_a1_a2 = [0 3.8206e-04 9.5909e-05]
board_tl_tau = 5.79e-3            # ns/mm
board_Z_c = 100                   # ohm
z_bp (TX) = 110.3                 # mm
z_bp (NEXT) = 110.3               # mm
z_bp (FEXT) = 110.3               # mm
z_bp (RX) = 110.3                 # mm
C_0 = 0.29e-4                     # nF
C_1 = 0.19e-4                     # nF
Include PCB = 1
# --- Floating tap control
N_bg = 3                          # groups
N_bf = 3                          # taps per group
N_f = 40                          # UI span for floating taps
bmaxg = 0.03                      # max DFE value for floating taps
B_float_RSS_MAX = 0.02            # rss tail tap limit
N_tail_start = 25                 # UI, start of tail taps limit
# --- ICN and FOM_ILD parameters
f_v = 0.59356862745098038         # x f_b
f_f = 0.59356862745098038         # x f_b
f_n = 0.59356862745098038         # x f_b
f_2 = 40                          # GHz
A_ft = 0.6                        # V
A_nt = 0.6                        # V
# --- Receiver testing
RX_CALIBRATION = 0
Sigma BBN step = 5e-3             # V
)RL";

const char* const kCkC2c = R"RL(# RackLink COM configuration: 100GAUI-1 chip-to-chip (IEEE Std 802.3ck-2022, Annex 120F; COM per Annex 93A).
# Transcribed from the official 802.3ck configuration spreadsheet
# config_com_ieee8023_93a=3ck_SA_120F_C2C_08_17_2022.xlsx (IEEE P802.3ck COM configuration sheet dated 08_17_2022,
# file authors K. Young, A. Ran, last edited by R. Mellitz 2022-08-17), public copy in GitHub
# Omer-Sella/COM (commit e51902a), folder config_sheets_100G. Every parameter of its Table 93A-1,
# 93A-3, 92-12, floating-tap, ICN, noise, operational and TDR/ERL blocks is here, with the
# sheet's values; display/I/O-only entries (DIAGNOSTICS, RESULT_DIR, ...) are left out.
# --- Table 93A-1 parameters
f_b = 53.125                      # GBd
f_min = 0.05                      # GHz
Delta_f = 0.01                    # GHz
C_d = [1.2e-4 1.2e-4]             # nF [TX RX]
L_s = [0.12 0.12]                 # nH [TX RX]
C_b = [0.3e-4 0.3e-4]             # nF [TX RX]
z_p select = [1 2]                # package test cases to run
z_p (TX) = [13 31; 1.8 1.8]       # mm, rows = segments, columns = cases
z_p (NEXT) = [11 29; 1.8 1.8]     # mm
z_p (FEXT) = [13 31; 1.8 1.8]     # mm
z_p (RX) = [11 29; 1.8 1.8]       # mm
C_p = [0.87e-4 0.87e-4]           # nF [TX RX]
R_0 = 50                          # ohm
R_d = [50 50]                     # ohm [TX RX]
A_v = 0.413                       # V
A_fe = 0.413                      # V
A_ne = 0.608                      # V
AC_CM_RMS = 0                     # V
L = 4
M = 32
f_r = 0.75                        # x f_b
c(0) = 0.54                       # minimum
c(-1) = [-0.28:0.02:0]
c(-2) = [0:0.02:0.1]
c(-3) = [-0.04:0.02:0]
c(1) = [-0.1:0.02:0]
N_b = 6                           # UI
b_max(1) = 0.65
b_max(2..N_b) = [0.15 0.1 0.1 0.1 0.1]     # sheet: [0.15 0.1*ones(1,4)]
b_min(1) = 0.3
b_min(2..N_b) = [0.05 -0.04 -0.04 -0.04 -0.04]  # sheet: [0.05 -0.04*ones(1,4)]
g_DC = [-20:1:0]                  # dB
f_z = 21.25                       # GHz
f_p1 = 21.25                      # GHz
f_p2 = 53.125                     # GHz
g_DC_HP = [-4:1:0]                # dB
f_HP_PZ = 0.6640625               # GHz
# --- Operational
Port Order = [1 3 2 4]
COM Pass threshold = 3            # dB
ERL Pass threshold = 9.7          # dB
DER_0 = 1e-5
T_r = 7.5e-3                      # ns
FORCE_TR = 1
Local Search = 2
# --- TDR and ERL options
TDR = 1
ERL = 1
ERL_ONLY = 0
TR_TDR = 0.01                     # ns
N = 2000                          # UI
beta_x = 0
rho_x = 0.618
fixture delay time = [0 0]        # s [port1 port2]
TDR_W_TXPKG = 0
N_bx = 6                          # UI
Tukey_Window = 1
# --- Noise, jitter
sigma_RJ = 0.01                   # UI
A_DD = 0.02                       # UI
eta_0 = 2e-8                      # V^2/GHz
SNR_TX = 33                       # dB
R_LM = 0.95
# --- Table 93A-3 parameters (package)
package_tl_gamma0_a1_a2 = [0 0.0009909 0.0002772]
package_tl_tau = 6.141e-3         # ns/mm
package_Z_c = [87.5 87.5; 92.5 92.5]   # ohm, rows = segments, columns [TX RX]
# --- Table 92-12 parameters (host board; used only with Include PCB = 1)
board_tl_gamma0_a1_a2 = [0 3.8206e-04 9.5909e-05]
board_tl_tau = 5.79e-3            # ns/mm
board_Z_c = 100                   # ohm
z_bp (TX) = 110.3                 # mm
z_bp (NEXT) = 110.3               # mm
z_bp (FEXT) = 110.3               # mm
z_bp (RX) = 110.3                 # mm
C_0 = 0.29e-4                     # nF
C_1 = 0.19e-4                     # nF
Include PCB = 0
# --- Floating tap control
N_bg = 0                          # groups
N_bf = 3                          # taps per group
N_f = 40                          # UI span for floating taps
bmaxg = 0.05                      # max DFE value for floating taps
B_float_RSS_MAX = 0.02            # rss tail tap limit
N_tail_start = 25                 # UI, start of tail taps limit
# --- ICN and FOM_ILD parameters
f_v = 0.59356862745098038         # x f_b
f_f = 0.59356862745098038         # x f_b
f_n = 0.59356862745098038         # x f_b
f_2 = 40                          # GHz
A_ft = 0.6                        # V
A_nt = 0.6                        # V
# --- Receiver testing
RX_CALIBRATION = 0
Sigma BBN step = 5e-3             # V
)RL";
}  // namespace


// ---- 802.3dj presets (com-eq) ------------------------------------------------------------
// 200GBASE-KR1 (IEEE P802.3dj Clause 178, Annex 178A COM table), 106.25 GBd PAM4 with the
// receiver FFE (5 + 1 + 10 taps, MMSE) and one DFE tap. Every value below is taken from
// PyChOpMarg's transcription of the 802.3dj COM table, src/pychopmarg/config/ieee_8023dj.py
// (GitHub capn-freako/PyChOpMarg, commit 37ab6a8, Nov 2024: fb, fstep, L, M, DER_0, T_r,
// R_LM, A_v/A_fe/A_ne, R_0, A_DD, SNR_TX, eta_0, sigma_Rj, f_z/f_p1/f_p2/f_LF, g_DC, g_DC2,
// TX tap ranges and steps, c0_min, f_r, DFE and RxFFE limits, die and package values);
// the options the table does not name (Port Order, ts_anchor, sample_adjustment,
// Raised_Cosine, Local Search, CTLE_type) follow the official-style 802.3dj configuration
// spreadsheet config_com_ieee8023dj_PyChOpMarg_vs_MATLAB.xls of the same repository.
// 200GBASE-CR1 (Clause 179) and the C2C (Annex 176D) tables are not built in yet: no public
// transcription was at hand to cite.
namespace {
const char* const kDjKr = R"RL(# RackLink COM configuration: 200GBASE-KR1 (IEEE P802.3dj, Annex 178A COM table), 200G/lane PAM4.
# Values: PyChOpMarg src/pychopmarg/config/ieee_8023dj.py (GitHub capn-freako/PyChOpMarg, commit
# 37ab6a8, "COM parameter definitions for IEEE 802.3dj", Nov 2024); spreadsheet-only options
# (Port Order, ts_anchor, sample_adjustment, Raised_Cosine, Local Search, CTLE_type) from the
# official-style dj spreadsheet config_com_ieee8023dj_PyChOpMarg_vs_MATLAB.xls (same repository).
f_b = 106.25                # GBd
f_min = 0.05                # GHz
Delta_f = 0.01              # GHz (PyChOpMarg fstep = 10 MHz)
f_1 = 0.05                  # GHz
f_2 = 106.25                # GHz
C_d = [4e-5 9e-5 1.1e-4; 4e-5 9e-5 1.1e-4]   # nF, die ladder [TX; RX]
L_s = [0.13 0.15 0.14; 0.13 0.15 0.14]       # nH
C_b = [3e-5 3e-5]           # nF
C_p = [4e-5 4e-5]           # nF
z_p select = 1
z_p (TX) = [33; 1.8]        # mm: rows = package segments (PyChOpMarg z_p = [33, 1.8])
z_p (NEXT) = [33; 1.8]
z_p (FEXT) = [33; 1.8]
z_p (RX) = [33; 1.8]
package_Z_c = [87.5 87.5; 92.5 92.5]         # ohm, rows = segments, columns [TX RX]
package_tl_gamma0_a1_a2 = [5e-4 8.9e-4 2e-4]
package_tl_tau = 6.141e-3   # ns/mm
R_0 = 50
R_d = [50 50]
f_r = 0.58                  # x f_b
c(0) = 0.5                  # minimum cursor
c(-1) = [-0.34:0.005:0]
c(-2) = [0:0.005:0.12]
c(-3) = [-0.06:0.005:0]
c(1) = [-0.2:0.005:0]
g_DC = [-15:1:0]            # dB
g_DC_HP = [-5:0.5:0]        # dB
f_z = 42.5                  # GHz
f_p1 = 42.5                 # GHz
f_p2 = 106.25               # GHz
f_HP_PZ = 1.328125          # GHz
CTLE_type = CL120d
ffe_pre_tap_len = 5         # receiver FFE precursor taps
ffe_post_tap_len = 10       # receiver FFE postcursor taps
ffe_main_cursor_min = 1
ffe_pre_tap1_max = 0.7
ffe_post_tap1_max = 0.7
ffe_tapn_max = 0.7
FFE_OPT_METHOD = MMSE
N_b = 1
b_max(1) = 0.85
b_min(1) = 0
A_v = 0.413                 # V
A_fe = 0.413                # V
A_ne = 0.45                 # V
L = 4
M = 32
sigma_RJ = 0.01             # UI
A_DD = 0.02                 # UI
eta_0 = 6e-9                # V^2/GHz
SNR_TX = 33                 # dB
R_LM = 0.95
DER_0 = 2e-4
T_r = 0.004                 # ns
FORCE_TR = 1
COM Pass threshold = 3      # dB
Include PCB = 0
Port Order = [1 3 2 4]
ts_anchor = 1
sample_adjustment = [-16 16]
Local Search = 2
Raised_Cosine = 1
Butterworth = 1
)RL";

// Returns the 802.3dj preset text, or nullptr for another name.
const char* dj_preset_text(const std::string& name) {
    if (name == "dj_kr") return kDjKr;
    return nullptr;
}
}  // namespace
// ---- end of 802.3dj presets (com-eq) -----------------------------------------------------

// ---- 802.3ck C2M preset (c2m) ----------------------------------------------------------------
// 100GAUI-1 C2M host output at TP1a (IEEE 802.3ck Annex 120G), transcribed from the official
// 802.3ck COM configuration sheet config_com_ieee8023_93a=3ck_SA_120g_C2M_tp1a_08_17_2022.xlsx
// (R. Mellitz, 17 Aug 2022), public copy in GitHub Omer-Sella/COM, config_sheets_100G/.
namespace {
const char* const kCkC2m = R"RL(# RackLink COM configuration: 100GAUI-1 chip-to-module, host output at TP1a (IEEE 802.3ck Annex 120G).
# Transcribed from the official 802.3ck COM configuration sheet
# config_com_ieee8023_93a=3ck_SA_120g_C2M_tp1a_08_17_2022.xlsx (R. Mellitz, 17 Aug 2022; public copy:
# GitHub Omer-Sella/COM, config_sheets_100G/). Parameter names as in the sheet.
f_b = 53.125                # GBd
f_min = 0.05                # GHz
Delta_f = 0.01              # GHz
f_2 = 40                    # GHz, end of FOM_ILD/ICN integration
C_d = [1.2e-4 0]            # nF [TX RX]: no receiver package at TP1a
L_s = [0.12 0]              # nH
C_b = [0.3e-4 0]            # nF
z_p select = [1 2]
z_p (TX) = [15 30; 1.8 1.8] # mm: rows = package segments, columns = cases
z_p (NEXT) = [0 0; 0 0]
z_p (FEXT) = [15 30; 1.8 1.8]
z_p (RX) = [0 0; 0 0]
C_p = [0.87e-4 0]           # nF
R_0 = 50                    # ohm
R_d = [50 50]               # ohm
A_v = 0.415                 # V
A_fe = 0.415                # V
A_ne = 0.45                 # V
L = 4
M = 32
samples_for_C2M = 100       # samples per UI of the C2M eye
T_O = 50                    # mUI, half width of the eye-height histogram window
AC_CM_RMS = 0               # V
f_r = 0.75                  # x f_b
c(0) = 0.54
c(-1) = [-0.34:0.02:0]
c(-2) = [0:0.02:0.12]
c(-3) = [-0.06:0.02:0]
c(1) = [-0.2:0.02:0]
N_b = 4
b_max(1) = 0.4
b_max(2..N_b) = [0.15 0.15 0.1]
b_min(1) = 0.1
# The sheet writes b_min(2..N_b) as "[ -0.15 - 0.15 - 0.05 ]", which MATLAB (and so the reference)
# evaluates as the scalar -0.15-0.15-0.05 = -0.35 for taps 2..4.
b_min(2..N_b) = -0.35
g_DC = [-13:1:0]            # dB
f_z = 12.58                 # GHz
f_p1 = 20                   # GHz
f_p2 = 28                   # GHz
g_DC_HP = [-3:0.5:0]        # dB
f_HP_PZ = 1.328125          # GHz
G_Qual = [-2 -9; -2 -11; -4 -10; -4 -9]   # dB, g_DC ranges per G2_Qual entry
G2_Qual = [0 -1 -2 -3]      # dB
package_tl_gamma0_a1_a2 = [0 0.0009909 0.0002772]
package_tl_tau = 6.141e-3   # ns/mm
package_Z_c = [87.5 87.5; 92.5 92.5]   # ohm, rows = segments, columns [TX RX]
f_v = 0.59356862745098038   # x f_b
f_f = 0.59356862745098038
f_n = 0.59356862745098038
A_ft = 0.6                  # V
A_nt = 0.6                  # V
Port Order = [1 3 2 4]
Local Search = 2
VEC Pass threshold = 12     # dB
EH_min = 10                 # mV
Min_VEO_Test = 5            # mV
ERL Pass threshold = 7.3    # dB
DER_0 = 1e-5
T_r = 7.5e-3                # ns
PMD_type = C2M
sigma_RJ = 0.01             # UI
A_DD = 0.02                 # UI
eta_0 = 4.1e-8              # V^2/GHz
SNR_TX = 32.5               # dB
R_LM = 0.95
Histogram_Window_Weight = Gaussian
sigma_r = 0.02              # UI
Include PCB = 0
# ERL (the sheet's TDR and ERL options): with the TX package in the TDR (TDR_W_TXPKG = 1), only
# port 2 (TP1a, looking into the host through the channel and the TX package) is rated.
ERL = 1
ERL_ONLY = 0
TDR = 1
N = 800                     # UI
beta_x = 0
rho_x = 0.618
fixture delay time = [0 0.2e-9]   # s [port1 port2]
TR_TDR = 0.01               # ns
TDR_W_TXPKG = 1
N_bx = 0                    # UI
Tukey_Window = 1
)RL";
}  // namespace
// ---- end of 802.3ck C2M preset (c2m) ---------------------------------------------------------

// ---- 802.3ck ERL-only presets (erl) ---------------------------------------------------------
// Official 802.3ck ERL configuration sheets config_com_ieee8023_93a=3ck_SA_{120G_ERL_HOST,
// 120G_ERL_MODULE,162_ERL_HOST}_10_26_2022*.xlsx (R. Mellitz, 26 Oct 2022), public copies in
// GitHub Omer-Sella/COM, config_sheets_100G/. Checked against the IEEE COM reference (v4.20 under
// GNU Octave): tests/golden/com/ck_*_erl_*__te.json.
namespace {
const char* const kCkC2mErlHost = R"RL(# RackLink COM configuration: 100GAUI-1 chip-to-module host ERL only (IEEE Std 802.3ck-2022, Annex 120G; ERL per Annex 93A.5).
# Transcribed from the official 802.3ck configuration spreadsheet
# config_com_ieee8023_93a=3ck_SA_120G_ERL_HOST_10_26_2022.xlsx (IEEE P802.3ck COM configuration sheet dated 10_26_2022,
# file authors K. Young, A. Ran, R. Mellitz, last edited by R. Mellitz 2022-10-26), public copy in GitHub
# Omer-Sella/COM (commit e51902a), folder config_sheets_100G. Every parameter of its Table 93A-1,
# 93A-3, 92-12, floating-tap, ICN, noise, operational and TDR/ERL blocks is here, with the
# sheet's values; display/I/O-only entries (DIAGNOSTICS, RESULT_DIR, ...) are left out.
# An ERL-only sheet (ERL = 2, ERL_ONLY = 1): ERL Pass threshold 7.3 dB, DER_0 1e-5, N = 800 UI.
# Its COM tables are those of the 3ck_SA_KR sheet except DER_0, SNR_TX, eta_0, bmaxg and Include PCB (and the
# signalling rate of the module sheet), and are not used while ERL_ONLY = 1.
# --- Table 93A-1 parameters
f_b = 53.125                      # GBd
f_min = 0.05                      # GHz
Delta_f = 0.01                    # GHz
C_d = [1.2e-4 1.2e-4]             # nF [TX RX]
L_s = [0.12 0.12]                 # nH [TX RX]
C_b = [0.3e-4 0.3e-4]             # nF [TX RX]
z_p select = [1 2]                # package test cases to run
z_p (TX) = [12 31; 1.8 1.8]       # mm, rows = segments, columns = cases
z_p (NEXT) = [12 29; 1.8 1.8]     # mm
z_p (FEXT) = [12 31; 1.8 1.8]     # mm
z_p (RX) = [12 29; 1.8 1.8]       # mm
C_p = [0.87e-4 0.87e-4]           # nF [TX RX]
R_0 = 50                          # ohm
R_d = [50 50]                     # ohm [TX RX]
A_v = 0.413                       # V
A_fe = 0.413                      # V
A_ne = 0.608                      # V
AC_CM_RMS = 0                     # V
L = 4
M = 32
f_r = 0.75                        # x f_b
c(0) = 0.54                       # minimum
c(-1) = [-0.34:0.02:0]
c(-2) = [0:0.02:0.12]
c(-3) = [-0.06:0.02:0]
c(1) = [-0.2:0.02:0]
N_b = 12                          # UI
b_max(1) = 0.85
b_max(2..N_b) = [0.3 0.2 0.2 0.2 0.2 0.2 0.1 0.1 0.1 0.1 0.1]     # sheet: [0.3 0.2*ones(1,5) 0.1*ones(1,5)]
b_min(1) = 0.3
b_min(2..N_b) = [0.05 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03]  # sheet: [0.05 -0.03*ones(1,10)]
g_DC = [-20:1:0]                  # dB
f_z = 21.25                       # GHz
f_p1 = 21.25                      # GHz
f_p2 = 53.125                     # GHz
g_DC_HP = [-6:1:0]                # dB
f_HP_PZ = 0.6640625               # GHz
# --- Operational
Port Order = [1 3 2 4]
COM Pass threshold = 3            # dB
ERL Pass threshold = 7.3          # dB
DER_0 = 1e-5
T_r = 7.5e-3                      # ns
FORCE_TR = 1
Local Search = 2
# --- TDR and ERL options
TDR = 1
ERL = 2                           # package ERL (docs/com.md "ERL"): computed as ERL = 1
ERL_ONLY = 1
TR_TDR = 0.01                     # ns
N = 800                           # UI
beta_x = 0
rho_x = 0.618
fixture delay time = 0.2e-9       # s, both ports (the sheet gives one value)
TDR_W_TXPKG = 0
N_bx = 0                          # UI
Tukey_Window = 1
# --- Noise, jitter
sigma_RJ = 0.01                   # UI
A_DD = 0.02                       # UI
eta_0 = 9e-9                      # V^2/GHz
SNR_TX = 32.5                     # dB
R_LM = 0.95
# --- Table 93A-3 parameters (package)
package_tl_gamma0_a1_a2 = [0 0.0009909 0.0002772]
package_tl_tau = 6.141e-3         # ns/mm
package_Z_c = [87.5 87.5; 92.5 92.5]   # ohm, rows = segments, columns [TX RX]
# --- Table 92-12 parameters (host board; with Include PCB = 1, for COM only: ERL ignores it)
board_tl_gamma0_a1_a2 = [0 3.8206e-04 9.5909e-05]
board_tl_tau = 5.79e-3            # ns/mm
board_Z_c = 100                   # ohm
z_bp (TX) = 110.3                 # mm
z_bp (NEXT) = 110.3               # mm
z_bp (FEXT) = 110.3               # mm
z_bp (RX) = 110.3                 # mm
C_0 = 0.29e-4                     # nF
C_1 = 0.19e-4                     # nF
Include PCB = 1
# --- Floating tap control
N_bg = 3                          # groups
N_bf = 3                          # taps per group
N_f = 40                          # UI span for floating taps
bmaxg = 0.03                      # max DFE value for floating taps
B_float_RSS_MAX = 0.02            # rss tail tap limit
N_tail_start = 25                 # UI, start of tail taps limit
# --- ICN and FOM_ILD parameters
f_v = 0.59356862745098038         # x f_b
f_f = 0.59356862745098038         # x f_b
f_n = 0.59356862745098038         # x f_b
f_2 = 40                          # GHz
A_ft = 0.6                        # V
A_nt = 0.6                        # V
# --- Receiver testing
RX_CALIBRATION = 0
Sigma BBN step = 5e-3             # V
)RL";
const char* const kCkC2mErlModule = R"RL(# RackLink COM configuration: 100GAUI-1 chip-to-module module ERL only (IEEE Std 802.3ck-2022, Annex 120G; ERL per Annex 93A.5).
# Transcribed from the official 802.3ck configuration spreadsheet
# config_com_ieee8023_93a=3ck_SA_120G_ERL_MODULE_10_26_2022.xlsx (IEEE P802.3ck COM configuration sheet dated 10_26_2022,
# file authors K. Young, A. Ran, R. Mellitz, last edited by R. Mellitz 2022-10-26), public copy in GitHub
# Omer-Sella/COM (commit e51902a), folder config_sheets_100G. Every parameter of its Table 93A-1,
# 93A-3, 92-12, floating-tap, ICN, noise, operational and TDR/ERL blocks is here, with the
# sheet's values; display/I/O-only entries (DIAGNOSTICS, RESULT_DIR, ...) are left out.
# An ERL-only sheet (ERL = 2, ERL_ONLY = 1): ERL Pass threshold 9 dB, DER_0 1e-6, N = 400 UI, f_b = 56.1 GBd.
# Its COM tables are those of the 3ck_SA_KR sheet except DER_0, SNR_TX, eta_0, bmaxg and Include PCB (and the
# signalling rate of the module sheet), and are not used while ERL_ONLY = 1.
# --- Table 93A-1 parameters
f_b = 56.1                        # GBd
f_min = 0.05                      # GHz
Delta_f = 0.01                    # GHz
C_d = [1.2e-4 1.2e-4]             # nF [TX RX]
L_s = [0.12 0.12]                 # nH [TX RX]
C_b = [0.3e-4 0.3e-4]             # nF [TX RX]
z_p select = [1 2]                # package test cases to run
z_p (TX) = [12 31; 1.8 1.8]       # mm, rows = segments, columns = cases
z_p (NEXT) = [12 29; 1.8 1.8]     # mm
z_p (FEXT) = [12 31; 1.8 1.8]     # mm
z_p (RX) = [12 29; 1.8 1.8]       # mm
C_p = [0.87e-4 0.87e-4]           # nF [TX RX]
R_0 = 50                          # ohm
R_d = [50 50]                     # ohm [TX RX]
A_v = 0.413                       # V
A_fe = 0.413                      # V
A_ne = 0.608                      # V
AC_CM_RMS = 0                     # V
L = 4
M = 32
f_r = 0.75                        # x f_b
c(0) = 0.54                       # minimum
c(-1) = [-0.34:0.02:0]
c(-2) = [0:0.02:0.12]
c(-3) = [-0.06:0.02:0]
c(1) = [-0.2:0.02:0]
N_b = 12                          # UI
b_max(1) = 0.85
b_max(2..N_b) = [0.3 0.2 0.2 0.2 0.2 0.2 0.1 0.1 0.1 0.1 0.1]     # sheet: [0.3 0.2*ones(1,5) 0.1*ones(1,5)]
b_min(1) = 0.3
b_min(2..N_b) = [0.05 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03]  # sheet: [0.05 -0.03*ones(1,10)]
g_DC = [-20:1:0]                  # dB
f_z = 22.44                       # GHz
f_p1 = 22.44                      # GHz
f_p2 = 56.1                       # GHz
g_DC_HP = [-6:1:0]                # dB
f_HP_PZ = 0.70125                 # GHz
# --- Operational
Port Order = [1 3 2 4]
COM Pass threshold = 3            # dB
ERL Pass threshold = 9            # dB
DER_0 = 1e-6
T_r = 7.5e-3                      # ns
FORCE_TR = 1
Local Search = 2
# --- TDR and ERL options
TDR = 1
ERL = 2                           # package ERL (docs/com.md "ERL"): computed as ERL = 1
ERL_ONLY = 1
TR_TDR = 0.01                     # ns
N = 400                           # UI
beta_x = 0
rho_x = 0.618
fixture delay time = 0.2e-9       # s, both ports (the sheet gives one value)
TDR_W_TXPKG = 0
N_bx = 0                          # UI
Tukey_Window = 1
# --- Noise, jitter
sigma_RJ = 0.01                   # UI
A_DD = 0.02                       # UI
eta_0 = 9e-9                      # V^2/GHz
SNR_TX = 32.5                     # dB
R_LM = 0.95
# --- Table 93A-3 parameters (package)
package_tl_gamma0_a1_a2 = [0 0.0009909 0.0002772]
package_tl_tau = 6.141e-3         # ns/mm
package_Z_c = [87.5 87.5; 92.5 92.5]   # ohm, rows = segments, columns [TX RX]
# --- Table 92-12 parameters (host board; with Include PCB = 1, for COM only: ERL ignores it)
board_tl_gamma0_a1_a2 = [0 3.8206e-04 9.5909e-05]
board_tl_tau = 5.79e-3            # ns/mm
board_Z_c = 100                   # ohm
z_bp (TX) = 110.3                 # mm
z_bp (NEXT) = 110.3               # mm
z_bp (FEXT) = 110.3               # mm
z_bp (RX) = 110.3                 # mm
C_0 = 0.29e-4                     # nF
C_1 = 0.19e-4                     # nF
Include PCB = 1
# --- Floating tap control
N_bg = 3                          # groups
N_bf = 3                          # taps per group
N_f = 40                          # UI span for floating taps
bmaxg = 0.03                      # max DFE value for floating taps
B_float_RSS_MAX = 0.02            # rss tail tap limit
N_tail_start = 25                 # UI, start of tail taps limit
# --- ICN and FOM_ILD parameters
f_v = 0.56209150326797386         # x f_b
f_f = 0.56209150326797386         # x f_b
f_n = 0.56209150326797386         # x f_b
f_2 = 40                          # GHz
A_ft = 0.6                        # V
A_nt = 0.6                        # V
# --- Receiver testing
RX_CALIBRATION = 0
Sigma BBN step = 5e-3             # V
)RL";
const char* const kCkCrErlHost = R"RL(# RackLink COM configuration: 100GBASE-CR1 host ERL only (IEEE Std 802.3ck-2022, Clause 162; ERL per Annex 93A.5).
# Transcribed from the official 802.3ck configuration spreadsheet
# config_com_ieee8023_93a=3ck_SA_162_ERL_HOST_10_26_2022_.xlsx (IEEE P802.3ck COM configuration sheet dated 10_26_2022,
# file authors K. Young, A. Ran, R. Mellitz, last edited by R. Mellitz 2022-10-26), public copy in GitHub
# Omer-Sella/COM (commit e51902a), folder config_sheets_100G (there named
# "config_com_ieee8023_93a=3ck_SA_162_ERL_HOST_10_26_2022 .xlsx"). Every parameter of its Table 93A-1,
# 93A-3, 92-12, floating-tap, ICN, noise, operational and TDR/ERL blocks is here, with the
# sheet's values; display/I/O-only entries (DIAGNOSTICS, RESULT_DIR, ...) are left out.
# An ERL-only sheet (ERL = 2, ERL_ONLY = 1): ERL Pass threshold 7.3 dB, DER_0 1e-4, N = 800 UI.
# Its COM tables are those of the 3ck_SA_KR sheet except DER_0, SNR_TX, eta_0, bmaxg and Include PCB (and the
# signalling rate of the module sheet), and are not used while ERL_ONLY = 1.
# --- Table 93A-1 parameters
f_b = 53.125                      # GBd
f_min = 0.05                      # GHz
Delta_f = 0.01                    # GHz
C_d = [1.2e-4 1.2e-4]             # nF [TX RX]
L_s = [0.12 0.12]                 # nH [TX RX]
C_b = [0.3e-4 0.3e-4]             # nF [TX RX]
z_p select = [1 2]                # package test cases to run
z_p (TX) = [12 31; 1.8 1.8]       # mm, rows = segments, columns = cases
z_p (NEXT) = [12 29; 1.8 1.8]     # mm
z_p (FEXT) = [12 31; 1.8 1.8]     # mm
z_p (RX) = [12 29; 1.8 1.8]       # mm
C_p = [0.87e-4 0.87e-4]           # nF [TX RX]
R_0 = 50                          # ohm
R_d = [50 50]                     # ohm [TX RX]
A_v = 0.413                       # V
A_fe = 0.413                      # V
A_ne = 0.608                      # V
AC_CM_RMS = 0                     # V
L = 4
M = 32
f_r = 0.75                        # x f_b
c(0) = 0.54                       # minimum
c(-1) = [-0.34:0.02:0]
c(-2) = [0:0.02:0.12]
c(-3) = [-0.06:0.02:0]
c(1) = [-0.2:0.02:0]
N_b = 12                          # UI
b_max(1) = 0.85
b_max(2..N_b) = [0.3 0.2 0.2 0.2 0.2 0.2 0.1 0.1 0.1 0.1 0.1]     # sheet: [0.3 0.2*ones(1,5) 0.1*ones(1,5)]
b_min(1) = 0.3
b_min(2..N_b) = [0.05 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03 -0.03]  # sheet: [0.05 -0.03*ones(1,10)]
g_DC = [-20:1:0]                  # dB
f_z = 21.25                       # GHz
f_p1 = 21.25                      # GHz
f_p2 = 53.125                     # GHz
g_DC_HP = [-6:1:0]                # dB
f_HP_PZ = 0.6640625               # GHz
# --- Operational
Port Order = [1 3 2 4]
COM Pass threshold = 3            # dB
ERL Pass threshold = 7.3          # dB
DER_0 = 1e-4
T_r = 7.5e-3                      # ns
FORCE_TR = 1
Local Search = 2
# --- TDR and ERL options
TDR = 1
ERL = 2                           # package ERL (docs/com.md "ERL"): computed as ERL = 1
ERL_ONLY = 1
TR_TDR = 0.01                     # ns
N = 800                           # UI
beta_x = 0
rho_x = 0.618
fixture delay time = 0.2e-9       # s, both ports (the sheet gives one value)
TDR_W_TXPKG = 0
N_bx = 0                          # UI
Tukey_Window = 1
# --- Noise, jitter
sigma_RJ = 0.01                   # UI
A_DD = 0.02                       # UI
eta_0 = 9e-9                      # V^2/GHz
SNR_TX = 32.5                     # dB
R_LM = 0.95
# --- Table 93A-3 parameters (package)
package_tl_gamma0_a1_a2 = [0 0.0009909 0.0002772]
package_tl_tau = 6.141e-3         # ns/mm
package_Z_c = [87.5 87.5; 92.5 92.5]   # ohm, rows = segments, columns [TX RX]
# --- Table 92-12 parameters (host board; with Include PCB = 1, for COM only: ERL ignores it)
board_tl_gamma0_a1_a2 = [0 3.8206e-04 9.5909e-05]
board_tl_tau = 5.79e-3            # ns/mm
board_Z_c = 100                   # ohm
z_bp (TX) = 110.3                 # mm
z_bp (NEXT) = 110.3               # mm
z_bp (FEXT) = 110.3               # mm
z_bp (RX) = 110.3                 # mm
C_0 = 0.29e-4                     # nF
C_1 = 0.19e-4                     # nF
Include PCB = 1
# --- Floating tap control
N_bg = 3                          # groups
N_bf = 3                          # taps per group
N_f = 40                          # UI span for floating taps
bmaxg = 0.03                      # max DFE value for floating taps
B_float_RSS_MAX = 0.02            # rss tail tap limit
N_tail_start = 25                 # UI, start of tail taps limit
# --- ICN and FOM_ILD parameters
f_v = 0.59356862745098038         # x f_b
f_f = 0.59356862745098038         # x f_b
f_n = 0.59356862745098038         # x f_b
f_2 = 40                          # GHz
A_ft = 0.6                        # V
A_nt = 0.6                        # V
# --- Receiver testing
RX_CALIBRATION = 0
Sigma BBN step = 5e-3             # V
)RL";
}  // namespace
// ---- end of 802.3ck ERL-only presets (erl) ---------------------------------------------------

std::vector<std::string> com_preset_names() {
    return {"ck_kr", "ck_cr", "ck_c2c", "ck_c2m", "ck_c2m_erl_host", "ck_c2m_erl_module", "ck_cr_erl_host",
            "dj_kr", "kr4_c93"};
}

std::string com_preset_text(const std::string& name) {
    if (name == "ck_c2m") return kCkC2m;  // 802.3ck C2M (c2m)
    if (name == "kr4_c93") return kKr4C93;
    if (name == "ck_kr") return kCkKr;
    if (name == "ck_cr") return kCkCr;
    if (name == "ck_c2c") return kCkC2c;
    if (name == "ck_c2m_erl_host") return kCkC2mErlHost;  // 802.3ck ERL-only (erl)
    if (name == "ck_c2m_erl_module") return kCkC2mErlModule;
    if (name == "ck_cr_erl_host") return kCkCrErlHost;
    if (const char* dj = dj_preset_text(name)) return dj;
    std::string known;
    for (const auto& n : com_preset_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown COM preset `" + name + "` (known: " + known + ")");
}

}  // namespace racklink::sigint
