#!/usr/bin/env python3
"""Makes an Octave working copy of the public IEEE 802.3 COM reference v4.50 (RackLink's own
script; it contains nothing from the reference).

The reference is NOT part of RackLink and is never copied into this repository. Get the public
file (GitHub Omer-Sella/COM, sourceFiles/com_ieee8023_93a_450.m; e.g. with the `fetch` tool or
`git clone`) and run

    make_v450_working_copy.py com_ieee8023_93a_450.m OUT_DIR

OUT_DIR/com_ieee8023_93a_450.m is then the reference with these Octave 7.3 shims, each checked
to apply exactly once (the script stops if the source differs from the one it was written for):

  1. the function is renamed com_ieee8023_93a_450 (the file name);
  2. `verLessThan('matlab', ...)` (not in Octave) is false;
  3. the message box at start-up (GUI only) is commented out;
  4. one printf of each RX_CALIBRATION run at full precision ("RXCAL_TRACE sigma_bn sigma_hp
     COM", read by add_rxcal_trace.py; the reference prints 4 digits);
  5. Rn = ifft(S_n) in MMSE and the two MLSE functions becomes real(ifft(S_n)): MATLAB returns a
     real ifft for a conjugate-symmetric input, Octave does not, and Octave orders complex
     numbers by magnitude (MATLAB by real part), so with the 1e-20 imaginary part every MMSE
     candidate loses to -Inf ("equalization failed") and complex values reach the PDFs;
  6. read_Nport_touchstone is replaced by a Touchstone 1.x reader with the same outputs
     (Octave's textscan pads rows differently from MATLAB's);
  7. the WIENER-HOPF receiver-noise autocorrelation's ifft(Y, 2N, 'symmetric') (no such option in
     Octave 7) is formed as MATLAB defines it: Y zero-padded to 2N, bins 0..N kept, the upper half
     replaced by the conjugate mirror, then real(ifft(...));
  8. OUT_DIR/xcorr.m, a plain vector cross-correlation for WIENER_HOPF_MMSE (MATLAB's xcorr is in
     Octave's signal package, which Debian's octave does not install);
  9. OUT_DIR/timeseries.m, a struct stand-in for MATLAB's timeseries object, which the TDMODE path
     (TD_FD_fillin) builds and never reads.

run_reference.sh runs the result with COM_REF_VERSION=450 COM_REF_DIR=OUT_DIR.
"""
import os
import sys

TOUCHSTONE_READER = r"""function [sch,schFreqAxis]=read_Nport_touchstone(touchstone_file,port_order)
% [RackLink Octave shim] Touchstone 1.x reader: S(f, port, port) reordered by port_order, f in Hz,
% renormalized to 50 ohm.
[~,~,ext]=fileparts(touchstone_file);
np=str2double(regexp(ext,'\d+','match','once'));
txt=fileread(touchstone_file);
rows=regexp(txt,'\r?\n','split');
opts={}; nums=cell(1,numel(rows)); nn=0;
for k=1:numel(rows)
    s=rows{k};
    bang=strfind(s,'!');
    if ~isempty(bang), s=s(1:bang(1)-1); end
    s=strtrim(s);
    if isempty(s) || s(1)=='[', continue; end
    if s(1)=='#', opts=strsplit(lower(strtrim(s(2:end)))); continue; end
    nn=nn+1; nums{nn}=sscanf(s,'%f').';
end
v=[nums{1:nn}];
ncol=2*np*np+1;
nf=floor(numel(v)/ncol);
d=reshape(v(1:nf*ncol),ncol,nf).';
unit=1e9; fmt='ma'; z0=50;
for k=1:numel(opts)
    switch opts{k}
        case 'hz', unit=1;
        case 'khz', unit=1e3;
        case 'mhz', unit=1e6;
        case 'ghz', unit=1e9;
        case {'ri','ma','db'}, fmt=opts{k};
        case 'r', z0=str2double(opts{k+1});
    end
end
a=d(:,2:2:end); b=d(:,3:2:end);
switch fmt
    case 'ri', x=a+1i*b;
    case 'ma', x=a.*exp(1i*b*pi/180);
    otherwise, x=10.^(a/20).*exp(1i*b*pi/180);
end
S=zeros(np,np,nf);
for r=1:np
    S(r,:,:)=reshape(x(:,(r-1)*np+(1:np)).',1,np,nf);
end
if np==2
    t=S(1,2,:); S(1,2,:)=S(2,1,:); S(2,1,:)=t;
end
if z0~=50
    g=(50-z0)/(50+z0); I=eye(np);
    for k=1:nf
        S(:,:,k)=(I-g*S(:,:,k))\(S(:,:,k)-g*I);
    end
end
sch=shiftdim(S,2);
sch=sch(:,port_order,port_order);
schFreqAxis=d(:,1).'*unit;
"""


XCORR = r"""function [r, lags] = xcorr(x, y, maxlag)
% [RackLink Octave shim] MATLAB xcorr(x, y, maxlag) for two vectors, no scaling:
% r(m + maxlag + 1) = sum_n x(n + m) conj(y(n)), m = -maxlag .. maxlag; r has x's orientation.
row = isrow(x);
x = x(:); y = y(:);
n = max(numel(x), numel(y));
x(end+1:n) = 0; y(end+1:n) = 0;
lags = -maxlag:maxlag;
r = zeros(numel(lags), 1);
for k = 1:numel(lags)
    m = lags(k);
    if m >= 0
        r(k) = sum(x(1+m:n) .* conj(y(1:n-m)));
    else
        r(k) = sum(x(1:n+m) .* conj(y(1-m:n)));
    end
end
if row, r = r.'; end
"""


TIMESERIES = r"""function ts = timeseries(data, time)
% [RackLink Octave shim] MATLAB's timeseries object as a struct with its Data and Time.
ts = struct('Data', data, 'Time', time);
"""


def replace_once(text, old, new, what):
    n = text.count(old)
    if n != 1:
        sys.exit(f"make_v450_working_copy.py: {what}: expected 1 match, found {n}")
    return text.replace(old, new)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, out_dir = sys.argv[1:]
    with open(src, encoding="latin-1") as f:
        text = f.read()
    if "Commit request 4p4_5" not in text:
        sys.exit("make_v450_working_copy.py: this is not the v4.50 reference (no 'Commit request 4p4_5')")
    text = replace_once(text, "function results=com_ieee8023_93a(varargin)",
                        "function results=com_ieee8023_93a_450(varargin)", "function name")
    text = replace_once(text, "if verLessThan('matlab', '7.4.1')",
                        "if false % [shim] verLessThan('matlab', '7.4.1')", "verLessThan")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "h = msgbox('Please make sure the measured" in line:
            for j in range(i, i + 3):
                lines[j] = "%[shim: no GUI] " + lines[j]
            break
    else:
        sys.exit("make_v450_working_copy.py: start-up message box not found")
    text = "\n".join(lines)
    anchor = "sigma_hp= Noise_Struct.sigma_hp; % added for clause 162 else sigma_bn = sigma_hp (RIM 09-30-2022)\n"
    trace = "        printf('RXCAL_TRACE %.17g %.17g %.17g\\n', sigma_bn, sigma_hp, min_COM); % [shim: full-precision trace]\n"
    text = replace_once(text, anchor, anchor + trace, "RX calibration display")
    text = replace_once(text, "Rn=ifft(S_n)*fb;", "Rn=real(ifft(S_n))*fb; % [shim: real ifft]", "MMSE Rn")
    if text.count("Rn=ifft(S_n)*param.fb;") != 2:
        sys.exit("make_v450_working_copy.py: MLSE Rn: expected 2 matches")
    text = text.replace("Rn=ifft(S_n)*param.fb;", "Rn=real(ifft(S_n))*param.fb; % [shim: real ifft]")
    text = replace_once(text, "XC_rx_ctle = ifft (H_rx_ctle_xc.*conj(H_rx_ctle_xc),2*length(H_rx_ctle_xc),'symmetric');",
                        ("Yxc = reshape(H_rx_ctle_xc.*conj(H_rx_ctle_xc),1,[]); nxc = 2*length(Yxc); "
                         "Yxc = [Yxc zeros(1,nxc-length(Yxc))]; Yxc = [Yxc(1:nxc/2+1) conj(fliplr(Yxc(2:nxc/2)))]; "
                         "XC_rx_ctle = real(ifft(Yxc)); % [shim: Octave's ifft has no 'symmetric']"),
                        "WIENER-HOPF symmetric ifft")
    start = text.find("function [sch,schFreqAxis]=read_Nport_touchstone(")
    if start < 0:
        sys.exit("make_v450_working_copy.py: read_Nport_touchstone not found")
    end = text.find("\nfunction ", start + 1)
    text = text[:start] + TOUCHSTONE_READER + text[end:]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "com_ieee8023_93a_450.m"), "w", encoding="latin-1") as f:
        f.write(text)
    with open(os.path.join(out_dir, "xcorr.m"), "w", encoding="latin-1") as f:
        f.write(XCORR)
    with open(os.path.join(out_dir, "timeseries.m"), "w", encoding="latin-1") as f:
        f.write(TIMESERIES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
